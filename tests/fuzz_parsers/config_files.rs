//! config.toml (`Config::parse`, `apply_env`) and the key specs of its `[keys]` table
//! (`keymap::parse_key`, `KeyMap::with_overrides`): generated settings read back exactly; a
//! typo, a wrong type or an impossible casework rule is refused with its line or its setting;
//! any text never panics.

use crate::gen::config;
use crossterm::event::KeyCode;
use proptest::prelude::*;
use std::collections::BTreeMap;
use zhifa::config::{Casework, Config, DomainHearing, KeyList};
use zhifa::tui::keymap::{parse_key, KeyMap};
use zhifa::tui::keys::Key;

/// Settings as written, each key present or left to its default.
#[derive(Debug, Clone)]
struct Settings {
    lock_after_secs: Option<u64>,
    ascii_borders: Option<bool>,
    color: Option<bool>,
    keys: BTreeMap<String, Vec<String>>,
    case_pattern: Option<String>,
    simple_pattern: Option<String>,
    reply_days: Option<u32>,
    hearing_individual: Option<i64>,
    /// APL art. 63(1)(二) set apart from fines.
    confiscation_individual: Option<i64>,
    by_domain: BTreeMap<String, (i64, i64)>,
}

impl Settings {
    fn toml(&self) -> String {
        let mut out = String::new();
        let mut line = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                out.push_str(&format!("{key} = {value}\n"));
            }
        };
        line("lock_after_secs", self.lock_after_secs.map(|v| v.to_string()));
        line("ascii_borders", self.ascii_borders.map(|v| v.to_string()));
        line("color", self.color.map(|v| v.to_string()));
        out.push_str("[keys]\n");
        for (action, keys) in &self.keys {
            let quoted: Vec<String> = keys.iter().map(|k| format!("{k:?}")).collect();
            out.push_str(&format!("{action} = [{}]\n", quoted.join(", ")));
        }
        out.push_str("[casework]\n");
        let mut line = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                out.push_str(&format!("{key} = {value}\n"));
            }
        };
        line("case_number_pattern", self.case_pattern.as_ref().map(|p| format!("\"{p}\"")));
        line("simple_number_pattern", self.simple_pattern.as_ref().map(|p| format!("\"{p}\"")));
        line("reply_working_days", self.reply_days.map(|v| v.to_string()));
        line("hearing_fine_individual", self.hearing_individual.map(|v| v.to_string()));
        line(
            "hearing_confiscation_individual",
            self.confiscation_individual.map(|v| v.to_string()),
        );
        for (domain, (individual, organisation)) in &self.by_domain {
            out.push_str(&format!(
                "[casework.hearing_by_domain.\"{domain}\"]\nindividual = {individual}\norganisation = {organisation}\n"
            ));
        }
        out
    }

    fn expected(&self) -> Config {
        let defaults = Config::default();
        let casework = Casework {
            case_number_pattern: self
                .case_pattern
                .clone()
                .unwrap_or(defaults.casework.case_number_pattern.clone()),
            simple_number_pattern: self
                .simple_pattern
                .clone()
                .unwrap_or(defaults.casework.simple_number_pattern.clone()),
            reply_working_days: self.reply_days.unwrap_or(defaults.casework.reply_working_days),
            hearing_fine_individual: self
                .hearing_individual
                .unwrap_or(defaults.casework.hearing_fine_individual),
            hearing_confiscation_individual: self.confiscation_individual,
            hearing_by_domain: self
                .by_domain
                .iter()
                .map(|(d, (i, o))| {
                    (
                        d.clone(),
                        DomainHearing {
                            individual: *i,
                            organisation: *o,
                            confiscation_individual: None,
                            confiscation_organisation: None,
                        },
                    )
                })
                .collect(),
            ..defaults.casework.clone()
        };
        Config {
            lock_after_secs: self.lock_after_secs.unwrap_or(defaults.lock_after_secs),
            ascii_borders: self.ascii_borders.unwrap_or(defaults.ascii_borders),
            color: self.color.unwrap_or(defaults.color),
            keys: self.keys.iter().map(|(a, k)| (a.clone(), KeyList::Many(k.clone()))).collect(),
            casework,
            central: defaults.central.clone(),
        }
    }
}

/// Key specs as people write them, and what they mean.
fn key_spec() -> impl Strategy<Value = (String, Key)> {
    prop_oneof![
        "[a-zA-Z0-9?/\\[\\]]".prop_map(|s| {
            let c = s.chars().next().unwrap_or('q');
            (s, Key::Plain(KeyCode::Char(c)))
        }),
        ("(ctrl-|Ctrl\\+|C-|CTRL-)", "[a-z0-9]").prop_map(|(prefix, letter)| {
            let c = letter.chars().next().unwrap_or('q');
            (format!("{prefix}{letter}"), Key::Ctrl(c))
        }),
        (1_u8..=12, any::<bool>()).prop_map(|(n, upper)| (
            format!("{}{n}", if upper { "F" } else { "f" }),
            Key::Plain(KeyCode::F(n))
        )),
        prop::sample::select(vec![
            ("up", KeyCode::Up),
            ("Down", KeyCode::Down),
            ("PgUp", KeyCode::PageUp),
            ("pagedown", KeyCode::PageDown),
            ("home", KeyCode::Home),
            ("END", KeyCode::End),
            ("enter", KeyCode::Enter),
            ("return", KeyCode::Enter),
            ("esc", KeyCode::Esc),
            ("Escape", KeyCode::Esc),
            ("tab", KeyCode::Tab),
            ("backspace", KeyCode::Backspace),
            ("space", KeyCode::Char(' ')),
        ])
        .prop_map(|(s, code)| (s.to_string(), Key::Plain(code))),
    ]
}

fn pattern() -> impl Strategy<Value = String> {
    ("[\u{4E00}-\u{9FA5}〔〕]{0,4}", any::<bool>(), "[\u{4E00}-\u{9FA5}第号]{0,4}").prop_map(
        |(head, year, tail)| format!("{head}{}{tail}{{n}}号", if year { "〔{year}〕" } else { "" }),
    )
}

fn settings() -> impl Strategy<Value = Settings> {
    let keys = prop::collection::btree_map(
        "[a-z_]{1,12}",
        prop::collection::vec(key_spec().prop_map(|(s, _)| s), 1..3),
        0..4,
    );
    let domains = prop::collection::btree_map(
        "[\u{4E00}-\u{9FA5}]{2,6}",
        (1_i64..1_000_000, 1_i64..10_000_000),
        0..3,
    );
    (
        (
            prop::option::of(any::<u32>().prop_map(u64::from)),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
        ),
        keys,
        (
            prop::option::of(pattern()),
            prop::option::of(pattern()),
            prop::option::of(1_u32..60),
            prop::option::of(1_i64..1_000_000),
            prop::option::of(1_i64..1_000_000),
        ),
        domains,
    )
        .prop_map(
            |(
                (lock, ascii, color),
                keys,
                (case, simple, reply, hearing, confiscation),
                by_domain,
            )| {
                Settings {
                    lock_after_secs: lock,
                    ascii_borders: ascii,
                    color,
                    keys,
                    case_pattern: case,
                    simple_pattern: simple,
                    reply_days: reply,
                    hearing_individual: hearing,
                    confiscation_individual: confiscation,
                    by_domain,
                }
            },
        )
        .prop_filter("the two number series differ", |s| {
            let defaults = Casework::default();
            s.case_pattern.as_ref().unwrap_or(&defaults.case_number_pattern)
                != s.simple_pattern.as_ref().unwrap_or(&defaults.simple_number_pattern)
        })
}

proptest! {
    #![proptest_config(config(2000))]

    /// Generated settings read back exactly; missing keys keep their defaults.
    #[test]
    fn generated_settings_read_back(settings in settings()) {
        let text = settings.toml();
        let parsed = Config::parse(&text).map_err(TestCaseError::fail)?;
        prop_assert_eq!(parsed, settings.expected(), "{}", text);
    }

    /// A typo in a key, a value of the wrong type, or a casework rule that cannot work is
    /// refused, naming the line or the setting.
    #[test]
    fn a_wrong_setting_is_refused_naming_it(settings in settings(), how in 0_u8..7, n in -5_i64..1) {
        let mut bad = settings.clone();
        let (text, words) = match how {
            0 => (format!("lock_after_sec = 10\n{}", settings.toml()), "line 1,"),
            1 => {
                bad.color = None;
                (format!("color = \"yes\"\n{}", bad.toml()), "line 1,")
            }
            2 => {
                bad.reply_days = Some(0);
                (bad.toml(), "answer periods")
            }
            3 => {
                if n % 2 == 0 {
                    bad.hearing_individual = Some(n);
                } else {
                    bad.confiscation_individual = Some(n);
                }
                (bad.toml(), "hearing thresholds")
            }
            4 => {
                bad.case_pattern = Some("〔{year}〕号".into());
                (bad.toml(), "case_number_pattern")
            }
            5 => {
                bad.simple_pattern = Some(bad.case_pattern.clone().unwrap_or(Casework::default().case_number_pattern));
                (bad.toml(), "must differ")
            }
            _ => {
                bad.by_domain.insert("城乡规划".into(), (n, 1));
                (bad.toml(), "城乡规划")
            }
        };
        let refusal = Config::parse(&text).err().unwrap_or_default();
        prop_assert!(refusal.contains(words), "{} lacks {}\n{}", refusal, words, text);
    }

    /// Any text, or a valid file cut anywhere: settings or a reason; never a panic. Any
    /// `ZHIFA_LOCK_AFTER`: a number of seconds or a refusal naming the variable.
    #[test]
    fn any_text_and_environment_never_panic(
        settings in settings(), at in any::<prop::sample::Index>(), junk in "\\PC{0,40}", env in "\\PC{0,8}",
    ) {
        let text = settings.toml();
        let mut cut = at.index(text.len() + 1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let _ = Config::parse(&text[..cut]);
        let _ = Config::parse(&junk);
        let mut config = Config::default();
        match config.apply_env(|k| (k == "ZHIFA_LOCK_AFTER").then(|| env.clone())) {
            Ok(()) => prop_assert_eq!(Ok(config.lock_after_secs), env.trim().parse::<u64>()),
            Err(e) => prop_assert!(e.to_string().starts_with("ZHIFA_LOCK_AFTER: "), "{}", e),
        }
    }

    /// Key specs as written read as the key they name; anything else is refused quoting it;
    /// any `[keys]` table builds a key map or is refused naming `[keys]`.
    #[test]
    fn key_specs_read_exactly_or_are_refused(
        (spec, key) in key_spec(), junk in "\\PC{0,6}",
        table in prop::collection::btree_map(
            prop_oneof![prop::sample::select(vec!["quit", "help", "search", "refresh", "new", "lock"]).prop_map(str::to_string), "[a-z_]{1,8}"],
            prop::collection::vec(prop_oneof![key_spec().prop_map(|(s, _)| s), "\\PC{0,4}"], 1..3),
            0..4,
        ),
    ) {
        prop_assert_eq!(parse_key(&spec), Ok(key));
        if let Err(reason) = parse_key(&junk) {
            prop_assert!(reason.contains(junk.trim()), "{}", reason);
        }
        let overrides: BTreeMap<String, KeyList> = table.into_iter().map(|(a, k)| (a, KeyList::Many(k))).collect();
        if let Err(reason) = KeyMap::with_overrides(&overrides) {
            prop_assert!(reason.starts_with("[keys] "), "{}", reason);
        }
    }
}
