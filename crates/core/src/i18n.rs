//! The language of what users read: Chinese by default, English with `--lang en` / `ZHIFA_LANG=en`.
//!
//! Messages are written in place as pairs (`lang.pick("中文", "English")`), so a reader sees both
//! texts side by side and a missing translation cannot exist.

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// A list as each language writes one: 甲、乙、丙 / A, B, C.
    pub fn list<S: AsRef<str>>(self, items: &[S]) -> String {
        let parts: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        parts.join(self.pick("、", ", "))
    }
}

/// `n` things in English, singular for one ("1 day", "3 days"); the plural is given, not guessed.
pub fn count_en(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::count_en;

    #[test]
    fn lists_are_joined_as_each_language_writes_them() {
        use super::Lang;
        assert_eq!(Lang::Zh.list(&["QX01", "DG02"]), "QX01、DG02");
        assert_eq!(Lang::En.list(&["QX01", "DG02"]), "QX01, DG02");
        assert_eq!(Lang::En.list::<&str>(&[]), "");
    }

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count_en(1, "day", "days"), "1 day");
        assert_eq!(count_en(0, "day", "days"), "0 days");
        assert_eq!(count_en(2, "overdue complaint", "overdue complaints"), "2 overdue complaints");
    }
}
