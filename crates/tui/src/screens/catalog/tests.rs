//! `update` on built catalog states: typing and editing, selection bounds, Esc, Enter and the
//! item cache, Tab between panes, filters.

use super::*;
use crate::fixtures::{demo_item, demo_loaded};
use zhifa_core::domain::catalog::PowerType;

fn state() -> CatalogState {
    CatalogState::new(demo_loaded(1))
}

fn typed(state: &mut CatalogState, text: &str) {
    for c in text.chars() {
        update(state, Action::Insert(c));
    }
}

fn name_of(state: &CatalogState, row: usize) -> String {
    state.index.doc(state.hits[row].doc).name.clone()
}

#[test]
fn opens_with_every_item_listed_and_the_field_focused() {
    let s = state();
    assert_eq!(s.hits.len(), s.index.len());
    assert_eq!(s.focus, Focus::Input);
    assert!(s.domains.len() > 3 && s.domains.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn typing_updates_query_cursor_and_hits() {
    let mut s = state();
    typed(&mut s, "zydl");
    assert_eq!((s.query.text(), s.query.cursor()), ("zydl", 4));
    assert!(!s.hits.is_empty() && s.hits.len() < s.index.len());
    let top = name_of(&s, 0);
    assert!(top.contains("占用") && top.contains("道路"), "{top}");
    assert_eq!(s.hits[0].name_positions.len(), 4, "one highlighted char per initial");
}

#[test]
fn editing_in_the_middle_counts_chars_not_bytes() {
    let mut s = state();
    typed(&mut s, "占道");
    update(&mut s, Action::CursorLeft);
    update(&mut s, Action::Insert('用'));
    assert_eq!((s.query.text(), s.query.cursor()), ("占用道", 2));
    update(&mut s, Action::Backspace);
    assert_eq!((s.query.text(), s.query.cursor()), ("占道", 1));
    update(&mut s, Action::CursorEnd);
    typed(&mut s, " 罚款");
    update(&mut s, Action::DeleteWord);
    assert_eq!((s.query.text(), s.query.cursor()), ("占道 ", 3));
    update(&mut s, Action::ClearInput);
    assert_eq!((s.query.text(), s.query.cursor(), s.hits.len()), ("", 0, s.index.len()));
}

#[test]
fn selection_stays_within_the_hits() {
    let mut s = state();
    s.focus = Focus::List;
    update(&mut s, Action::Up);
    assert_eq!(s.selected, 0);
    update(&mut s, Action::PageDown);
    assert_eq!(s.selected, PAGE);
    update(&mut s, Action::Last);
    assert_eq!(s.selected, s.hits.len() - 1);
    update(&mut s, Action::Down);
    update(&mut s, Action::ScrollDown(Focus::List));
    assert_eq!(s.selected, s.hits.len() - 1);
    update(&mut s, Action::First);
    assert_eq!(s.selected, 0);
    typed(&mut s, "zydl");
    update(&mut s, Action::Last);
    assert_eq!(s.selected, s.hits.len() - 1, "bounded by the new, shorter hit list");
}

#[test]
fn a_new_query_puts_the_selection_back_on_top() {
    let mut s = state();
    update(&mut s, Action::Down);
    update(&mut s, Action::Down);
    assert_eq!(s.selected, 2);
    typed(&mut s, "垃圾");
    assert_eq!(s.selected, 0);
}

#[test]
fn escape_clears_then_moves_out_then_closes() {
    let mut s = state();
    typed(&mut s, "zydl");
    update(&mut s, Action::Back);
    assert_eq!((s.query.text(), s.focus), ("", Focus::Input));
    update(&mut s, Action::Back);
    assert_eq!(s.focus, Focus::List);
    update(&mut s, Action::FocusSearch);
    typed(&mut s, "垃圾");
    update(&mut s, Action::SwitchPane);
    assert_eq!(s.focus, Focus::List);
    update(&mut s, Action::Back);
    assert_eq!((s.query.text(), s.focus), ("", Focus::Input));
}

#[test]
fn enter_loads_the_item_once_then_serves_it_from_the_cache() {
    let mut s = state();
    typed(&mut s, "zydl");
    let code = s.selected_code().map(str::to_string).unwrap_or_default();
    let effect = update(&mut s, Action::Open);
    // Opened after a search: first the choice is recorded (search learns it), then it loads.
    let record = Effect::RecordChoice { query: "zydl".into(), code: code.clone() };
    assert_eq!(effect, Some(record));
    assert_eq!((s.focus, &s.detail), (Focus::Detail, &Detail::Loading(code.clone())));
    let learned = Learned::from_rows([("zydl".to_string(), code.clone(), 1)]);
    let effect = choice_recorded(&mut s, code.clone(), Some(Arc::new(learned)));
    assert_eq!(effect, Some(Effect::LoadItem { version: s.version.id, code: code.clone() }));
    assert_eq!(s.index.learned().chosen("zydl").len(), 1, "learned from the next keystroke");
    update(&mut s, Action::ItemLoaded(Box::new(demo_item(&code))));
    assert!(matches!(&s.detail, Detail::Shown { item, scroll: 0 } if item.code == code));
    update(&mut s, Action::Down);
    assert!(matches!(&s.detail, Detail::Shown { scroll: 1, .. }), "keys scroll the detail");
    update(&mut s, Action::Back);
    assert_eq!((s.focus, &s.detail), (Focus::List, &Detail::Closed));
    assert_eq!(update(&mut s, Action::Open), None, "second time from the cache");
    assert!(matches!(&s.detail, Detail::Shown { item, .. } if item.code == code));
}

#[test]
fn a_late_item_does_not_replace_what_the_user_opened_since() {
    let mut s = state();
    update(&mut s, Action::Open);
    update(&mut s, Action::Back);
    let code = s.index.doc(s.hits[0].doc).code.clone();
    update(&mut s, Action::ItemLoaded(Box::new(demo_item(&code))));
    assert_eq!(s.detail, Detail::Closed);
}

#[test]
fn tab_visits_the_detail_only_when_it_is_open() {
    let mut s = state();
    let mut seen = Vec::new();
    for _ in 0..3 {
        update(&mut s, Action::SwitchPane);
        seen.push(s.focus);
    }
    assert_eq!(seen, [Focus::List, Focus::Input, Focus::List]);
    update(&mut s, Action::Open);
    update(&mut s, Action::SwitchPane);
    assert_eq!(s.focus, Focus::Input);
    update(&mut s, Action::SwitchPane);
    update(&mut s, Action::SwitchPane);
    assert_eq!(s.focus, Focus::Detail);
}

#[test]
fn power_type_filter_cycles_through_every_type_and_back_to_none() {
    let mut s = state();
    let mut seen = Vec::new();
    for _ in 0..=PowerType::ALL.len() {
        update(&mut s, Action::CycleType);
        seen.push(s.filter.power_type);
        let wanted = s.filter.power_type;
        assert!(s.hits.iter().all(|h| wanted.is_none_or(|p| s.index.doc(h.doc).power_type == p)));
    }
    assert_eq!(seen[0], Some(PowerType::Penalty));
    assert_eq!(seen.last(), Some(&None));
    assert!(seen[..PowerType::ALL.len()].iter().all(Option::is_some));
}

#[test]
fn domain_filter_restricts_hits_and_clears() {
    let mut s = state();
    update(&mut s, Action::CycleDomain);
    let first = s.domains[0].clone();
    assert_eq!(s.filter.domain.as_deref(), Some(first.as_str()));
    assert!(!s.hits.is_empty() && s.hits.len() < s.index.len());
    assert!(s.hits.iter().all(|h| *s.index.doc(h.doc).domain == *first));
    update(&mut s, Action::CycleDomain);
    assert_eq!(s.filter.domain.as_deref(), Some(s.domains[1].as_str()));
    update(&mut s, Action::ClearFilters);
    assert!(s.filter.is_empty());
    assert_eq!(s.hits.len(), s.index.len());
}

#[test]
fn input_window_keeps_the_cursor_visible() {
    use crate::field::window;
    assert_eq!(window("abc", 3, 10), ("abc".to_string(), 3));
    assert_eq!(window("占用道路", 4, 4), ("道路".to_string(), 4));
    assert_eq!(window("占用道路", 1, 4), ("占用道路".to_string(), 2));
    assert_eq!(window("占用道路", 4, 0), (String::new(), 0));
}

#[test]
fn a_failed_load_closes_the_detail() {
    let mut s = state();
    update(&mut s, Action::Open);
    load_failed(&mut s);
    assert_eq!((s.focus, &s.detail), (Focus::List, &Detail::Closed));
}

#[test]
fn the_wheel_moves_the_pane_it_is_over_and_keeps_the_focus() {
    let mut s = state();
    let code = s.selected_code().map(str::to_string).unwrap_or_default();
    update(&mut s, Action::Open);
    update(&mut s, Action::ItemLoaded(Box::new(demo_item(&code))));
    update(&mut s, Action::ScrollDown(Focus::List));
    assert_eq!((s.selected, s.focus), (WHEEL, Focus::Detail));
    update(&mut s, Action::ScrollDown(Focus::Detail));
    assert!(matches!(s.detail, Detail::Shown { scroll, .. } if scroll == WHEEL as u16));
    update(&mut s, Action::ScrollUp(Focus::List));
    assert_eq!(s.selected, 0);
}

#[test]
fn department_and_team_filters_cycle_through_the_versions_values() {
    let mut s = state();
    let all = s.hits.len();
    assert!(s.departments.len() > 1 && s.teams.len() > 1, "the demo has several of each");
    update(&mut s, Action::CycleDepartment);
    let first = s.departments[0].clone();
    assert_eq!(s.filter.department.as_deref(), Some(first.as_str()));
    assert!(s.hits.len() < all);
    for hit in &s.hits {
        assert_eq!(&*s.index.doc(hit.doc).department, first.as_str());
    }
    update(&mut s, Action::CycleTeam);
    let team = s.teams[0].clone();
    for hit in &s.hits {
        let scope = &s.index.doc(hit.doc).scope;
        assert!(scope.is_empty() || scope.contains(&team), "{scope:?} lacks {team}");
    }
    for _ in 0..s.departments.len() {
        update(&mut s, Action::CycleDepartment);
    }
    assert_eq!(s.filter.department, None, "past the last value: no filter");
    update(&mut s, Action::ClearFilters);
    assert_eq!(s.hits.len(), all);
}
