//! The station's settings: a TOML file in the XDG config directory
//! (`~/.config/zhifa/config.toml`, or the file `ZHIFA_CONFIG` names), then the environment on
//! top. A missing file means the defaults; a malformed one stops the program with the file, line
//! and reason — a typo never silently leaves a terminal unlocked.
//!
//! ```toml
//! lock_after_secs = 300   # 0: never lock
//! ascii_borders = false
//! color = true
//! [keys]                  # action = key or [keys]; see `zhifa::tui::keys::action_name`
//! quit = ["q", "ctrl-q"]
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const ENV_CONFIG: &str = "ZHIFA_CONFIG";
pub const ENV_LOCK_AFTER: &str = "ZHIFA_LOCK_AFTER";
pub const DEFAULT_LOCK_AFTER_SECS: u64 = 300;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Seconds without a key before the terminal locks; 0 never locks.
    pub lock_after_secs: u64,
    /// `+-|` borders for terminals that draw box characters double width.
    pub ascii_borders: bool,
    pub color: bool,
    /// Action name → the keys that do it (replacing the defaults).
    pub keys: BTreeMap<String, KeyList>,
    /// Local rules of casework (`[casework]`).
    pub casework: Casework,
    /// The centre this station syncs with (`[central]`, docs/CENTRAL.md).
    pub central: Central,
}

/// `[central] url = "postgres://user:password@host/db"`: where `zhifa sync` pushes. The
/// password in it is never printed (messages show `***`).
/// Seconds between pushes in the background when `[central] every_secs` does not say.
pub const DEFAULT_EVERY_SECS: u64 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Central {
    pub url: Option<String>,
    /// Seconds between pushes while the interface is open (or `zhifa sync --watch` runs).
    pub every_secs: Option<u64>,
    /// The stations (codes) whose admins this station takes catalog versions, calendar years
    /// and accounts from, the bureau's own say; absent: any station's admin.
    pub publishers: Option<Vec<String>>,
}

impl Central {
    /// The publishers named are station codes, and some are named (an empty list would take
    /// nothing from the centre, which is what leaving `url` out already says).
    fn check(&self) -> Result<(), String> {
        let Some(publishers) = &self.publishers else { return Ok(()) };
        if publishers.is_empty() {
            return Err(
                "[central] publishers names no station (leave it out to take publications \
                        from any station's admin)"
                    .into(),
            );
        }
        for code in publishers {
            zhifa_core::domain::station::StationCode::parse(code)
                .map_err(|e| format!("[central] publishers: {e}"))?;
        }
        Ok(())
    }

    /// The publishers named, as station codes are written (upper case).
    pub fn publisher_codes(&self) -> Option<Vec<String>> {
        let codes = self.publishers.as_ref()?;
        Some(codes.iter().map(|c| c.trim().to_ascii_uppercase()).collect())
    }

    pub fn every(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.every_secs.unwrap_or(DEFAULT_EVERY_SECS).max(1))
    }
}

/// The rules a city sets for itself: case numbers, complaint answer periods, hearing thresholds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Casework {
    /// `{year}` and `{n}` are replaced, e.g. 〔2026〕综执罚字第12号.
    pub case_number_pattern: String,
    /// The numbers of on-the-spot decisions (simple procedure), e.g. 〔2026〕综执简字第3号.
    pub simple_number_pattern: String,
    /// Working days to tell a complainant (a local 12345 rule: docs/DEADLINES.md).
    pub reply_working_days: u32,
    /// Working days to transfer a ticket outside the bureau's remit.
    pub transfer_working_days: u32,
    /// Fines (yuan) from which a party may ask for a hearing (APL art. 63(1)(一)).
    pub hearing_fine_individual: i64,
    pub hearing_fine_organisation: i64,
    /// Confiscated gains, or the value of confiscated property, from which a party may ask for
    /// a hearing (APL art. 63(1)(二)), where the province sets them apart from fines; not set:
    /// the fines' amounts.
    pub hearing_confiscation_individual: Option<i64>,
    pub hearing_confiscation_organisation: Option<i64>,
    /// Domains (执法领域, as the catalog names them) with thresholds of their own.
    pub hearing_by_domain: BTreeMap<String, DomainHearing>,
    /// Who approves what local rules decide (`[casework.approvers]`: filing, period,
    /// coercion, deferral, enforcement, closing, ending; each a list of roles, default the
    /// head). The decision itself is always the head's (APL art. 57).
    pub approvers: zhifa_core::domain::case::Authority,
    /// Number patterns of the documents with a series of their own, by kind
    /// (`correction-order = "青综执责改〔{year}〕第{n}号"`); a kind not named keeps its default.
    pub document_numbers: BTreeMap<String, String>,
    /// A folder of document templates replacing the shipped ones of the same name
    /// (docs/DOCUMENTS.md).
    pub documents_dir: Option<std::path::PathBuf>,
    /// The printer documents go to from the terminal (`lp -d NAME`); none: written to a file only.
    pub printer: Option<String>,
}

/// One domain's hearing thresholds (`[casework.hearing_by_domain."城乡规划"]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainHearing {
    pub individual: i64,
    pub organisation: i64,
    /// The domain's confiscation thresholds (APL art. 63(1)(二)); not set: the general ones where
    /// they are set apart (a domain's own fines do not move the confiscations'), else the
    /// domain's fines' amounts.
    #[serde(default)]
    pub confiscation_individual: Option<i64>,
    #[serde(default)]
    pub confiscation_organisation: Option<i64>,
}

impl DomainHearing {
    /// `general`: the general confiscation thresholds, where set apart.
    fn thresholds(
        &self,
        general: (Option<i64>, Option<i64>),
    ) -> zhifa_core::domain::penalty::HearingThresholds {
        thresholds(
            (self.individual, self.organisation),
            (
                self.confiscation_individual.or(general.0),
                self.confiscation_organisation.or(general.1),
            ),
        )
    }

    fn amounts(&self) -> [Option<i64>; 4] {
        [
            Some(self.individual),
            Some(self.organisation),
            self.confiscation_individual,
            self.confiscation_organisation,
        ]
    }
}

/// Thresholds from the fines' amounts and the confiscations' where set apart.
fn thresholds(
    (individual, organisation): (i64, i64),
    (confiscation_individual, confiscation_organisation): (Option<i64>, Option<i64>),
) -> zhifa_core::domain::penalty::HearingThresholds {
    zhifa_core::domain::penalty::HearingThresholds {
        individual,
        organisation,
        confiscation_individual: confiscation_individual.unwrap_or(individual),
        confiscation_organisation: confiscation_organisation.unwrap_or(organisation),
    }
}

impl Default for Casework {
    fn default() -> Casework {
        let periods = zhifa_intake::TicketPeriods::default();
        let hearing = zhifa_core::domain::penalty::HearingThresholds::default();
        Casework {
            case_number_pattern: zhifa_core::domain::case_file::DEFAULT_NUMBER_PATTERN.to_string(),
            simple_number_pattern: zhifa_core::domain::case_file::DEFAULT_SIMPLE_PATTERN
                .to_string(),
            reply_working_days: periods.reply_working_days,
            transfer_working_days: periods.transfer_working_days,
            hearing_fine_individual: hearing.individual,
            hearing_fine_organisation: hearing.organisation,
            hearing_confiscation_individual: None,
            hearing_confiscation_organisation: None,
            hearing_by_domain: BTreeMap::new(),
            approvers: zhifa_core::domain::case::Authority::default(),
            document_numbers: BTreeMap::new(),
            documents_dir: None,
            printer: None,
        }
    }
}

impl Casework {
    pub fn ticket_periods(&self) -> zhifa_intake::TicketPeriods {
        zhifa_intake::TicketPeriods {
            reply_working_days: self.reply_working_days,
            transfer_working_days: self.transfer_working_days,
        }
    }

    pub fn hearing_thresholds(&self) -> zhifa_core::domain::penalty::HearingThresholds {
        thresholds(
            (self.hearing_fine_individual, self.hearing_fine_organisation),
            (self.hearing_confiscation_individual, self.hearing_confiscation_organisation),
        )
    }

    /// The general thresholds and each domain's own.
    pub fn hearing_rules(&self) -> zhifa_core::domain::penalty::HearingRules {
        let general =
            (self.hearing_confiscation_individual, self.hearing_confiscation_organisation);
        let by_domain = self
            .hearing_by_domain
            .iter()
            .map(|(domain, t)| (domain.trim().to_string(), t.thresholds(general)))
            .collect();
        zhifa_core::domain::penalty::HearingRules { general: self.hearing_thresholds(), by_domain }
    }

    /// The rules cases are handled under, on `calendar`.
    pub fn case_rules<'a>(
        &'a self,
        calendar: &'a zhifa_core::calendar::WorkCalendar,
    ) -> zhifa_core::domain::case_file::CaseRules<'a> {
        zhifa_core::domain::case_file::CaseRules {
            calendar,
            number_pattern: &self.case_number_pattern,
            simple_pattern: &self.simple_number_pattern,
            hearing: self.hearing_rules(),
            authority: self.approvers.clone(),
        }
    }

    /// The number pattern of a document kind with a series of its own.
    pub fn document_pattern(&self, kind: zhifa_documents::DocKind) -> &str {
        self.document_numbers.get(kind.key()).map_or(kind.default_pattern(), String::as_str)
    }

    /// What cannot work: a pattern that would repeat numbers, periods of zero days.
    fn check(&self) -> Result<(), String> {
        self.approvers.check()?;
        for (kind, pattern) in &self.document_numbers {
            let known = zhifa_documents::DocKind::from_key(kind)
                .filter(|k| k.numbering() == zhifa_documents::Numbering::Series);
            if known.is_none() {
                return Err(format!("[casework.document_numbers] “{kind}” is not a kind of document with numbers of its own (correction-order, prior-notice, hearing-notice, reminder)"));
            }
            zhifa_core::domain::case_file::case_number(pattern, 2026, 1)
                .map_err(|e| format!("[casework.document_numbers] {kind}: {e}"))?;
        }
        zhifa_core::domain::case_file::case_number(&self.case_number_pattern, 2026, 1)
            .map_err(|e| format!("[casework] case_number_pattern: {e}"))?;
        zhifa_core::domain::case_file::case_number(&self.simple_number_pattern, 2026, 1)
            .map_err(|e| format!("[casework] simple_number_pattern: {e}"))?;
        if self.simple_number_pattern == self.case_number_pattern {
            return Err("[casework] simple_number_pattern must differ from case_number_pattern: the two series would give the same numbers".into());
        }
        if self.reply_working_days == 0 || self.transfer_working_days == 0 {
            return Err("[casework] answer periods must be at least one working day".into());
        }
        let general = [
            Some(self.hearing_fine_individual),
            Some(self.hearing_fine_organisation),
            self.hearing_confiscation_individual,
            self.hearing_confiscation_organisation,
        ];
        let positive = |amounts: [Option<i64>; 4]| amounts.into_iter().flatten().all(|a| a > 0);
        if !positive(general) {
            return Err("[casework] hearing thresholds must be positive amounts of yuan".into());
        }
        if let Some((domain, _)) =
            self.hearing_by_domain.iter().find(|(_, t)| !positive(t.amounts()))
        {
            return Err(format!(
                "[casework.hearing_by_domain.\"{domain}\"] thresholds must be positive amounts of yuan"
            ));
        }
        Ok(())
    }
}

/// One key or several.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    pub fn specs(&self) -> Vec<&str> {
        match self {
            KeyList::One(key) => vec![key.as_str()],
            KeyList::Many(keys) => keys.iter().map(String::as_str).collect(),
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            lock_after_secs: DEFAULT_LOCK_AFTER_SECS,
            ascii_borders: false,
            color: true,
            keys: BTreeMap::new(),
            casework: Casework::default(),
            central: Central::default(),
        }
    }
}

/// Why the settings could not be used; names the file (or variable) and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct ConfigError {
    pub source_name: String,
    pub message: String,
}

impl Config {
    /// The settings this process runs with: file, then environment.
    pub fn load() -> Result<Config, ConfigError> {
        let mut config = match config_path() {
            Some(path) => Config::from_file(&path)?,
            None => Config::default(),
        };
        config.apply_env(|key| std::env::var(key).ok())?;
        Ok(config)
    }

    /// The file's settings; defaults when it does not exist.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let error =
            |message: String| ConfigError { source_name: path.display().to_string(), message };
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text).map_err(error),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(error(e.to_string())),
        }
    }

    /// Parses TOML text; the message carries toml's line, column and reason.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config =
            toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
        config.casework.check()?;
        config.central.check()?;
        Ok(config)
    }

    /// Environment overrides (`get` reads a variable): `ZHIFA_LOCK_AFTER`, `NO_COLOR`,
    /// `ZHIFA_ASCII`.
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(text) = get(ENV_LOCK_AFTER) {
            self.lock_after_secs = text.trim().parse().map_err(|_| ConfigError {
                source_name: ENV_LOCK_AFTER.to_string(),
                message: format!("“{text}” is not a whole number of seconds"),
            })?;
        }
        let set = |key: &str| get(key).is_some_and(|v| !v.is_empty());
        if set("NO_COLOR") {
            self.color = false;
        }
        if set("ZHIFA_ASCII") {
            self.ascii_borders = true;
        }
        Ok(())
    }

    /// When the terminal locks itself; `None` never.
    pub fn lock_after(&self) -> Option<std::time::Duration> {
        (self.lock_after_secs > 0).then(|| std::time::Duration::from_secs(self.lock_after_secs))
    }
}

/// `$ZHIFA_CONFIG`, else `config.toml` in the XDG config directory.
pub fn config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(ENV_CONFIG).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let dirs = directories::ProjectDirs::from("", "", "zhifa")?;
    Some(dirs.config_dir().join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_parses_and_missing_keys_take_defaults() {
        let config = Config::parse(
            "lock_after_secs = 600\nascii_borders = true\n[keys]\nquit = [\"q\", \"ctrl-q\"]\nhelp = \"f1\"\n",
        )
        .expect("parse");
        assert_eq!((config.lock_after_secs, config.ascii_borders, config.color), (600, true, true));
        assert_eq!(config.keys["quit"].specs(), ["q", "ctrl-q"]);
        assert_eq!(config.keys["help"].specs(), ["f1"]);
        assert_eq!(Config::parse("").expect("empty"), Config::default());
        assert_eq!(Config::default().lock_after(), Some(std::time::Duration::from_secs(300)));
        let never = Config { lock_after_secs: 0, ..Config::default() };
        assert_eq!(never.lock_after(), None);
    }

    #[test]
    fn document_number_patterns_are_set_per_kind_and_checked_at_load() {
        use zhifa_documents::DocKind;
        let config = Config::parse(
            "[casework.document_numbers]\ncorrection-order = \"青综执责改〔{year}〕第{n}号\"\n",
        )
        .expect("valid");
        assert_eq!(
            config.casework.document_pattern(DocKind::CorrectionOrder),
            "青综执责改〔{year}〕第{n}号"
        );
        assert_eq!(
            config.casework.document_pattern(DocKind::Reminder),
            DocKind::Reminder.default_pattern()
        );
        let repeats = Config::parse("[casework.document_numbers]\nreminder = \"催〔{year}〕号\"\n");
        assert!(repeats.expect_err("no {n}").contains("reminder"));
        let unnumbered =
            Config::parse("[casework.document_numbers]\ndecision = \"决〔{year}〕{n}号\"\n");
        assert!(unnumbered.expect_err("the decision keeps the case number").contains("decision"));
    }

    #[test]
    fn casework_rules_are_settings_checked_at_load() {
        let config = Config::parse(
            "[casework]\ncase_number_pattern = \"青综执〔{year}〕{n}号\"\nreply_working_days = 3\n",
        )
        .expect("parse");
        assert_eq!(config.casework.ticket_periods().reply_working_days, 3);
        let domains = Config::parse(
            "[casework.hearing_by_domain.\"城乡规划\"]\nindividual = 20000\norganisation = 200000\n",
        )
        .expect("parse");
        let rules = domains.casework.hearing_rules();
        assert_eq!(rules.for_domain("城乡规划").individual, 20_000);
        assert_eq!(rules.for_domain("市容环境卫生").individual, 10_000, "the general one");
        let zero = "[casework.hearing_by_domain.\"城乡规划\"]\nindividual = 0\norganisation = 1\n";
        assert!(Config::parse(zero).is_err());
        assert_eq!(config.casework.ticket_periods().transfer_working_days, 3, "default kept");
        assert_eq!(config.casework.hearing_thresholds().individual, 10_000);
        assert_eq!(config.casework.hearing_thresholds().confiscation_individual, 10_000);
        // APL art. 63(1)(二) set apart from fines, in general and for a domain.
        let apart = Config::parse(
            "[casework]
hearing_confiscation_individual = 3000
             [casework.hearing_by_domain.\"城乡规划\"]
individual = 20000
organisation = 200000
             confiscation_organisation = 50000
",
        )
        .expect("parse");
        let rules = apart.casework.hearing_rules();
        assert_eq!(rules.general.confiscation_individual, 3_000);
        assert_eq!(rules.general.confiscation_organisation, 100_000, "the fines' amount");
        let planning = rules.for_domain("城乡规划");
        assert_eq!(planning.confiscation_organisation, 50_000);
        assert_eq!(
            planning.confiscation_individual, 3_000,
            "the general confiscation amount set apart, not the domain's fines'"
        );
        // Nothing set apart in general: a domain's confiscations follow its own fines.
        let domain_only = Config::parse(
            "[casework.hearing_by_domain.\"城乡规划\"]\nindividual = 20000\norganisation = 200000\n",
        )
        .expect("parse");
        let planning = domain_only.casework.hearing_rules().for_domain("城乡规划");
        assert_eq!(planning.confiscation_individual, 20_000, "the domain's fines' amount");
        let negative = Config::parse("[casework]\nhearing_confiscation_organisation = -1\n");
        assert!(negative.expect_err("negative").contains("hearing thresholds"));
        let negative =
            "[casework.hearing_by_domain.\"城乡规划\"]\nindividual = 1\norganisation = 1\n\
                        confiscation_individual = 0\n";
        assert!(Config::parse(negative).is_err());
        let repeats = Config::parse("[casework]\ncase_number_pattern = \"〔{year}〕号\"\n");
        assert!(repeats.expect_err("no {n}").contains("case_number_pattern"));
        let zero = Config::parse("[casework]\nreply_working_days = 0\n");
        assert!(zero.is_err());
    }

    #[test]
    fn the_centre_is_configured_in_its_own_table() {
        let config = Config::parse("[central]\nurl = \"postgres://z:pw@10.0.0.5/bureau\"\n")
            .expect("parses");
        assert_eq!(config.central.url.as_deref(), Some("postgres://z:pw@10.0.0.5/bureau"));
        assert_eq!(Config::default().central.url, None);
        let typo = Config::parse("[central]\nurll = \"x\"\n").expect_err("unknown key");
        assert!(typo.contains("urll"), "{typo}");
        let named = Config::parse("[central]\npublishers = [\"ju\", \"QJ\"]\n").expect("parses");
        assert_eq!(named.central.publisher_codes(), Some(vec!["JU".into(), "QJ".into()]));
        assert_eq!(Config::default().central.publisher_codes(), None);
        let none = Config::parse("[central]\npublishers = []\n").expect_err("empty");
        assert!(none.contains("names no station"), "{none}");
        let bad = Config::parse("[central]\npublishers = [\"J\"]\n").expect_err("bad code");
        assert!(bad.contains("[central] publishers"), "{bad}");
    }

    #[test]
    fn typos_and_bad_values_are_refused_with_line_and_reason() {
        let unknown = Config::parse("lock_after_sec = 10\n").expect_err("unknown field");
        assert!(unknown.contains("lock_after_sec") && unknown.contains("line 1"), "{unknown}");
        let wrong = Config::parse("\ncolor = \"yes\"\n").expect_err("wrong type");
        assert!(wrong.contains("line 2"), "{wrong}");
    }

    #[test]
    fn the_file_is_optional_but_a_broken_one_names_itself() {
        let dir = tempfile::tempdir().expect("tmp");
        let absent = dir.path().join("none.toml");
        assert_eq!(Config::from_file(&absent), Ok(Config::default()));
        let broken = dir.path().join("config.toml");
        std::fs::write(&broken, "lock_after_secs = \n").expect("write");
        let error = Config::from_file(&broken).expect_err("broken");
        assert!(error.to_string().starts_with(&broken.display().to_string()), "{error}");
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let mut config = Config::default();
        let env = |key: &str| match key {
            "ZHIFA_LOCK_AFTER" => Some("45".to_string()),
            "NO_COLOR" => Some("1".to_string()),
            "ZHIFA_ASCII" => Some(String::new()),
            _ => None,
        };
        config.apply_env(env).expect("env");
        assert_eq!(
            (config.lock_after_secs, config.color, config.ascii_borders),
            (45, false, false)
        );
        let error = config.apply_env(|k| (k == "ZHIFA_LOCK_AFTER").then(|| "5m".into()));
        assert!(error.expect_err("not a number").to_string().starts_with("ZHIFA_LOCK_AFTER"));
    }
}
