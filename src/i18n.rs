//! The language of what users read: Chinese by default, English with `--lang en` / `ZHIFA_LANG=en`.
//!
//! Messages are written in place as pairs (`lang.pick("中文", "English")`), so a reader sees both
//! texts side by side and a missing translation cannot exist.

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
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
}
