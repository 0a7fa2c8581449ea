//! The last line a failed command prints, in the reader's language.
//!
//! anyhow's `{:#}` joins the chain of causes in English. In Chinese, each cause that has a
//! Chinese text (the store's refusals, a catalog update's refusal) is shown in it; since such a
//! text already says everything its own causes say, the chain stops there.

use crate::catalog_update::Refusal;
use crate::i18n::Lang;
use crate::messages::store_error_zh;
use crate::store::StoreError;

pub fn error_text(error: &anyhow::Error, lang: Lang) -> String {
    if lang == Lang::En {
        return format!("{error:#}");
    }
    let mut parts = Vec::new();
    for cause in error.chain() {
        if let Some(zh) = chinese(cause) {
            parts.push(zh);
            break;
        }
        parts.push(cause.to_string());
    }
    parts.join("：")
}

fn chinese(cause: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(e) = cause.downcast_ref::<StoreError>() {
        return store_error_zh(e);
    }
    if let Some(e) = cause.downcast_ref::<crate::central::CentralError>() {
        return e.message_zh();
    }
    cause.downcast_ref::<Refusal>().map(Refusal::message_zh)
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    #[test]
    fn a_known_cause_is_shown_in_chinese_and_english_keeps_the_chain() {
        let failed: anyhow::Result<()> = Err(StoreError::NoSuchOfficer("QJ0999".into()).into());
        let error = failed.context("catalog.csv").expect_err("an error");
        assert_eq!(error_text(&error, Lang::Zh), "catalog.csv：没有执法证号为 QJ0999 的人员");
        assert_eq!(
            error_text(&error, Lang::En),
            "catalog.csv: no officer with badge number “QJ0999”"
        );
    }
}
