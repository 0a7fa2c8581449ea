//! Overrides from the config file: they change dispatch and help alike, never steal typing, and
//! a mistake is refused with its reason.

use super::*;
use crossterm::event::KeyModifiers;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn overrides(pairs: &[(&str, &[&str])]) -> BTreeMap<String, KeyList> {
    pairs
        .iter()
        .map(|(name, keys)| {
            (name.to_string(), KeyList::Many(keys.iter().map(|k| k.to_string()).collect()))
        })
        .collect()
}

#[test]
fn key_specs_parse_like_people_write_them() {
    assert_eq!(parse_key("q"), Ok(Key::Plain(KeyCode::Char('q'))));
    assert_eq!(parse_key("G"), Ok(Key::Plain(KeyCode::Char('G'))), "letters keep their case");
    assert_eq!(parse_key("?"), Ok(Key::Plain(KeyCode::Char('?'))));
    for spec in ["ctrl-l", "C-l", "Ctrl+L"] {
        assert_eq!(parse_key(spec), Ok(Key::Ctrl('l')), "{spec}");
    }
    assert_eq!(parse_key("F12"), Ok(Key::Plain(KeyCode::F(12))));
    assert_eq!(parse_key("PgDn"), Ok(Key::Plain(KeyCode::PageDown)));
    assert_eq!(parse_key("space"), Ok(Key::Plain(KeyCode::Char(' '))));
    assert!(parse_key("f13").is_err());
    assert!(parse_key("hyper-x").is_err_and(|e| e.contains("not a key")));
    assert!(parse_key("ctrl-ll").is_err());
}

#[test]
fn the_default_map_has_no_conflicts_and_every_action_a_name() {
    assert_eq!(KeyMap::default().check_conflicts(), Ok(()));
    for binding in BINDINGS {
        let named = action_name(&binding.action).is_some() || binding.keys == [Key::Text];
        assert!(named, "{:?} needs a config name", binding.action);
    }
}

#[test]
fn an_override_changes_dispatch_and_help() {
    let map = KeyMap::with_overrides(&overrides(&[("quit", &["ctrl-q", "x"])])).expect("valid");
    let browsing = [Context::List, Context::Browse, Context::Global];
    assert_eq!(map.action_for(key(KeyCode::Char('q')), &browsing), None, "q no longer quits");
    assert_eq!(map.action_for(ctrl('q'), &browsing), Some(Action::Quit));
    assert_eq!(map.action_for(key(KeyCode::Char('x')), &[Context::Browse]), Some(Action::Quit));
    let help = map.help_rows(Context::Global, true);
    assert!(help.iter().any(|(keys, d)| keys == "Ctrl-Q" && *d == "退出"), "{help:?}");
    assert!(!map.help_rows(Context::Browse, true).iter().any(|(keys, _)| keys == "q"));
}

#[test]
fn a_printable_override_never_steals_typing() {
    let map = KeyMap::with_overrides(&overrides(&[("down", &["m", "down"])])).expect("valid");
    assert_eq!(map.action_for(key(KeyCode::Char('m')), &[Context::List]), Some(Action::Down));
    let typing = [Context::Input, Context::Global];
    assert_eq!(map.action_for(key(KeyCode::Char('m')), &typing), Some(Action::Insert('m')));
    assert_eq!(map.action_for(key(KeyCode::Down), &typing), Some(Action::Down));
}

#[test]
fn the_half_of_a_pair_is_rebound_alone() {
    let map = KeyMap::with_overrides(&overrides(&[("last", &["e"])])).expect("valid");
    assert_eq!(map.action_for(key(KeyCode::Char('e')), &[Context::List]), Some(Action::Last));
    assert_eq!(map.action_for(key(KeyCode::Char('g')), &[Context::List]), Some(Action::First));
}

#[test]
fn mistakes_are_refused_with_the_reason() {
    let unknown = KeyMap::with_overrides(&overrides(&[("jump", &["j"])])).expect_err("unknown");
    assert!(unknown.contains("jump") && unknown.contains("quit"), "{unknown}");
    let bad = KeyMap::with_overrides(&overrides(&[("quit", &["ctrl-"])])).expect_err("bad key");
    assert!(bad.contains("quit"), "{bad}");
    let clash = KeyMap::with_overrides(&overrides(&[("down", &["k"])])).expect_err("conflict");
    assert!(clash.contains("“up”") && clash.contains("“down”"), "{clash}");
}
