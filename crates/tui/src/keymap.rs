//! The key table as the running program uses it: the defaults of [`BINDINGS`] with the station's
//! `[keys]` overrides from the config file applied, checked for conflicts. Dispatch and the help
//! both read it, so the help always shows the keys that really work.

use super::app::Action;
use super::keys::{key_name, matches, Context, Key, BINDINGS};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use std::collections::BTreeMap;
use zhifa_app::config::KeyList;

/// One row of the table, owned so that overrides can replace its keys.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    context: Context,
    keys: Vec<Key>,
    action: Action,
    /// The opposite half shown on the same help row (g / G).
    paired: Option<(Vec<Key>, Action)>,
    zh: &'static str,
    en: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyMap {
    rows: Vec<Row>,
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        let rows = BINDINGS
            .iter()
            .map(|b| Row {
                context: b.context,
                keys: b.keys.to_vec(),
                action: b.action.clone(),
                paired: b.paired.as_ref().map(|(key, action)| (vec![*key], action.clone())),
                zh: b.zh,
                en: b.en,
            })
            .collect();
        KeyMap { rows }
    }
}

/// The name an action has in the config file's `[keys]` table; `None` for what cannot be
/// rebound (typing text, results of background work).
pub fn action_name(action: &Action) -> Option<&'static str> {
    Some(match action {
        Action::Quit => "quit",
        Action::ToggleHelp => "help",
        Action::Lock => "lock",
        Action::NextTab => "next_tab",
        Action::PrevTab => "prev_tab",
        Action::Backspace => "backspace",
        Action::DeleteWord => "delete_word",
        Action::ClearInput => "clear_input",
        Action::CursorLeft => "cursor_left",
        Action::CursorRight => "cursor_right",
        Action::CursorHome => "cursor_home",
        Action::CursorEnd => "cursor_end",
        Action::Up => "up",
        Action::Down => "down",
        Action::PageUp => "page_up",
        Action::PageDown => "page_down",
        Action::First => "first",
        Action::Last => "last",
        Action::FocusSearch => "search",
        Action::SwitchPane => "switch_pane",
        Action::Open => "open",
        Action::Back => "back",
        Action::CycleType => "filter_type",
        Action::CycleDomain => "filter_domain",
        Action::CycleDepartment => "filter_department",
        Action::CycleTeam => "filter_team",
        Action::ClearFilters => "clear_filters",
        Action::OpenVersions => "versions",
        Action::CompareVersions => "compare_versions",
        Action::StartImport => "import",
        Action::ConfirmQuit => "confirm_quit",
        Action::Refresh => "refresh",
        Action::New => "new",
        Action::CycleView => "cycle_view",
        Action::AddTeam => "add_team",
        Action::AddGrid => "add_grid",
        Action::Unlock => "unlock",
        Action::TakeDispatched => "take_dispatched",
        Action::OpenDocuments => "documents",
        Action::WriteDocument => "write_document",
        Action::PrintDocument => "print_document",
        Action::StatsEarlier => "stats_earlier",
        Action::StatsLater => "stats_later",
        Action::StatsPeriodKind => "stats_period",
        Action::StatsGroupBy => "stats_group_by",
        Action::StatsScope => "stats_scope",
        Action::NextCitation => "next_citation",
        Action::PrevCitation => "previous_citation",
        Action::ShowArticle => "show_article",
        Action::RouteTicket => "route_ticket",
        Action::OpenLawSearch => "law_search",
        Action::AcceptRoute => "accept_route",
        _ => return None,
    })
}

/// A key as the config file writes it: `q`, `G`, `?`, `ctrl-l` (also `C-l`, `Ctrl+L`), `f1`,
/// `up`, `pgdn`, `enter`, `esc`, `tab`, `space` … Names ignore case; single letters keep it.
pub fn parse_key(spec: &str) -> Result<Key, String> {
    let spec = spec.trim();
    let mut chars = spec.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Ok(Key::Plain(KeyCode::Char(c)));
    }
    let lower = spec.to_lowercase();
    for prefix in ["ctrl-", "ctrl+", "c-"] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            let mut letters = rest.chars();
            return match (letters.next(), letters.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => Ok(Key::Ctrl(c)),
                _ => Err(format!("“{spec}”: Ctrl goes with one letter or digit")),
            };
        }
    }
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        if (1..=12).contains(&n) {
            return Ok(Key::Plain(KeyCode::F(n)));
        }
    }
    let code = match lower.as_str() {
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backspace" => KeyCode::Backspace,
        "space" => KeyCode::Char(' '),
        _ => {
            return Err(format!(
                "“{spec}” is not a key (a character, ctrl-X, f1–f12, up, down, left, right, \
                 pageup, pagedown, home, end, enter, esc, tab, backspace, space)"
            ))
        }
    };
    Ok(Key::Plain(code))
}

/// Where a plain character types text and never commands: the text fields, and `Global`,
/// which applies while typing too.
pub fn is_text_context(context: Context) -> bool {
    matches!(context, Context::Input | Context::Form | Context::Global)
}

fn is_printable(key: Key) -> bool {
    matches!(key, Key::Plain(KeyCode::Char(_)))
}

impl KeyMap {
    /// The defaults with `overrides` (action name → keys) applied: an override replaces the
    /// keys of that action everywhere it is bound, except that printable keys are left out
    /// where the keyboard types text. Unknown names, bad keys and a key bound to two actions in
    /// one place are refused with the reason.
    pub fn with_overrides(overrides: &BTreeMap<String, KeyList>) -> Result<KeyMap, String> {
        let mut map = KeyMap::default();
        for (name, list) in overrides {
            let keys = list.specs().into_iter().map(parse_key).collect::<Result<Vec<_>, _>>();
            let keys = keys.map_err(|e| format!("[keys] {name}: {e}"))?;
            if !map.rebind(name, &keys) {
                return Err(format!(
                    "[keys] “{name}” is not an action; one of: {}",
                    names().join(", ")
                ));
            }
        }
        map.check_conflicts()?;
        Ok(map)
    }

    /// Replaces the keys of every row (or paired half) whose action is called `name`.
    fn rebind(&mut self, name: &str, keys: &[Key]) -> bool {
        let mut found = false;
        for row in &mut self.rows {
            let usable: Vec<Key> = keys
                .iter()
                .copied()
                .filter(|k| !(is_text_context(row.context) && is_printable(*k)))
                .collect();
            if action_name(&row.action) == Some(name) {
                row.keys = usable.clone();
                found = true;
            }
            if let Some((paired_keys, action)) = &mut row.paired {
                if action_name(action) == Some(name) {
                    *paired_keys = usable;
                    found = true;
                }
            }
        }
        found
    }

    fn check_conflicts(&self) -> Result<(), String> {
        let mut seen: Vec<(Context, Key, &Action)> = Vec::new();
        for row in &self.rows {
            let paired =
                row.paired.iter().flat_map(|(keys, action)| keys.iter().map(move |k| (*k, action)));
            for (key, action) in row.keys.iter().map(|k| (*k, &row.action)).chain(paired) {
                let clash =
                    seen.iter().find(|(c, k, a)| *c == row.context && *k == key && *a != action);
                if let Some((_, _, other)) = clash {
                    let name = |a: &Action| action_name(a).unwrap_or("text").to_string();
                    return Err(format!(
                        "[keys] {} is bound to both “{}” and “{}” in the same place",
                        key_name(key, false),
                        name(other),
                        name(action)
                    ));
                }
                seen.push((row.context, key, action));
            }
        }
        Ok(())
    }

    /// The action `event` means in `contexts` (most specific first).
    pub fn action_for(&self, event: KeyEvent, contexts: &[Context]) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        contexts.iter().find_map(|context| {
            self.rows
                .iter()
                .filter(|row| row.context == *context)
                .find_map(|row| row_action(row, event))
        })
    }

    /// Every binding of `context`, as (keys, description) for the help.
    pub fn help_rows(&self, context: Context, zh: bool) -> Vec<(String, &'static str)> {
        self.rows
            .iter()
            .filter(|row| row.context == context)
            .filter(|row| {
                !row.keys.is_empty() || row.paired.as_ref().is_some_and(|p| !p.0.is_empty())
            })
            .map(|row| {
                let paired = row.paired.iter().flat_map(|(keys, _)| keys.iter());
                let keys: Vec<String> =
                    row.keys.iter().chain(paired).map(|k| key_name(*k, zh)).collect();
                (keys.join(" "), if zh { row.zh } else { row.en })
            })
            .collect()
    }
}

fn row_action(row: &Row, event: KeyEvent) -> Option<Action> {
    if row.keys.iter().any(|key| matches(*key, event)) {
        return match (&row.action, event.code) {
            (Action::Insert(_), KeyCode::Char(c)) => Some(Action::Insert(c)),
            (action, _) => Some(action.clone()),
        };
    }
    let (keys, action) = row.paired.as_ref()?;
    keys.iter().any(|key| matches(*key, event)).then(|| action.clone())
}

/// Every configurable action name, sorted.
fn names() -> Vec<&'static str> {
    let mut names: Vec<&str> = BINDINGS
        .iter()
        .flat_map(|b| [Some(&b.action), b.paired.as_ref().map(|(_, a)| a)])
        .flatten()
        .filter_map(action_name)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests;
