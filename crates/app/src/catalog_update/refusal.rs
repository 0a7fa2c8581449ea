//! Why a chosen label, effective date and file may not become a new version: pure checks a form
//! can run on every keystroke, before anyone is asked for a password.
//!
//! The store repeats the label and date checks inside its write transaction (another terminal may
//! have imported meanwhile); these exist so the admin sees the reason before confirming.

use zhifa_core::domain::version::EffectiveDateError;
use zhifa_core::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the file has {0} error(s): correct the file and read it again")]
    FileHasErrors(usize),
    #[error("the file holds no items")]
    NoItems,
    #[error("the version label may not be empty")]
    EmptyLabel,
    // The English text is the one `catalog import` has always printed, flag name included.
    #[error("a catalog version labelled “{0}” already exists; choose another --label")]
    DuplicateLabel(String),
    #[error(transparent)]
    EffectiveDate(#[from] EffectiveDateError),
}

impl Refusal {
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.message_zh(),
            Lang::En => self.message_en(),
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            Self::FileHasErrors(n) => format!("文件有 {n} 个错误：请修正文件后重新读取"),
            Self::NoItems => "文件中没有事项".to_string(),
            Self::EmptyLabel => "版本名称不能为空".to_string(),
            Self::DuplicateLabel(label) => format!("已有名为“{label}”的目录版本：请换一个名称"),
            Self::EffectiveDate(e) => e.message_zh(),
        }
    }

    /// English for a screen, where there is no `--label` flag to point at.
    pub fn message_en(&self) -> String {
        match self {
            Self::DuplicateLabel(label) => {
                format!("a catalog version labelled “{label}” already exists; choose another label")
            }
            other => other.to_string(),
        }
    }
}
