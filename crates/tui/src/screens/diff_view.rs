//! A catalog diff as lines for a pane: the counts, then every added (+), changed (~, with the
//! fields that changed) and removed (−) item with the teams it concerns, then all teams
//! affected. Shared by the versions comparison and the import preview.

use crate::theme::Theme;
use ratatui::text::{Line, Span};
use zhifa_core::domain::diff::CatalogDiff;
use zhifa_core::i18n::Lang;
use zhifa_core::text;

pub use zhifa_core::domain::diff::field_label;

pub fn diff_lines(
    diff: &CatalogDiff,
    from: &str,
    to: &str,
    width: usize,
    lang: Lang,
    theme: Theme,
) -> Vec<Line<'static>> {
    let (added, changed, removed) = (diff.added.len(), diff.changed.len(), diff.removed.len());
    let summary = match lang {
        Lang::Zh => format!(
            "{from} → {to}：新增 {added} 项，调整 {changed} 项，取消 {removed} 项，未变 {} 项",
            diff.unchanged
        ),
        Lang::En => format!(
            "{from} → {to}: {added} added, {changed} changed, {removed} removed, {} unchanged",
            diff.unchanged
        ),
    };
    let mut lines = vec![Line::styled(text::truncate(&summary, width), theme.title())];
    let teams_text = |teams: &[String]| {
        if teams.is_empty() {
            lang.pick("全域", "everywhere").to_string()
        } else {
            lang.list(teams)
        }
    };
    let row = |mark, code: &str, name: &str, fields: &str, teams: &[String]| {
        item_line(mark, code, name, fields, &teams_text(teams), width, theme)
    };
    for item in diff.added.iter().take(LINES_PER_KIND) {
        lines.push(row("+", &item.code, &item.name, "", &item.teams));
    }
    more(&mut lines, added, lang, theme);
    for item in diff.changed.iter().take(LINES_PER_KIND) {
        let fields: Vec<&str> = item.fields.iter().map(|f| field_label(f, lang)).collect();
        let fields = match lang {
            Lang::Zh => format!("（{}）", lang.list(&fields)),
            Lang::En => format!(" ({})", lang.list(&fields)),
        };
        lines.push(row("~", &item.code, &item.name, &fields, &item.teams));
        // Each change with its values: what a reviewer must read before switching versions.
        for change in &item.values {
            let label = field_label(change.field, lang);
            let colon = lang.pick("：", ": ");
            let line = format!("    {label}{colon}{} → {}", change.old, change.new);
            lines.push(Line::styled(text::truncate(&line, width), theme.dim()));
        }
    }
    more(&mut lines, changed, lang, theme);
    for item in diff.removed.iter().take(LINES_PER_KIND) {
        lines.push(row("-", &item.code, &item.name, "", &item.teams));
    }
    more(&mut lines, removed, lang, theme);
    if !diff.teams_affected.is_empty() {
        let teams = format!(
            "{}{}",
            lang.pick("涉及中队/街道：", "teams affected: "),
            lang.list(&diff.teams_affected)
        );
        lines.push(Line::styled(text::truncate(&teams, width), theme.label()));
    }
    lines
}

/// Items listed per kind of change: a whole-catalog replacement would otherwise build 100k lines
/// on every frame (the counts above stay exact; `zhifa catalog diff` lists everything).
const LINES_PER_KIND: usize = 300;

fn more(lines: &mut Vec<Line<'static>>, total: usize, lang: Lang, theme: Theme) {
    if total > LINES_PER_KIND {
        let rest = total - LINES_PER_KIND;
        let text = match lang {
            Lang::Zh => format!("  ……另有 {rest} 项（完整清单：zhifa catalog diff）"),
            Lang::En => format!("  … {rest} more (full list: zhifa catalog diff)"),
        };
        lines.push(Line::styled(text, theme.dim()));
    }
}

fn item_line(
    mark: &'static str,
    code: &str,
    name: &str,
    fields: &str,
    teams: &str,
    width: usize,
    theme: Theme,
) -> Line<'static> {
    let style = match mark {
        "+" => theme.ok(),
        "-" => theme.error(),
        _ => theme.label(),
    };
    // The changed fields before the name: long names are cut at the right edge.
    let rest = format!(" {code} {fields}{name} [{teams}]");
    let rest = text::truncate(&rest, width.saturating_sub(1));
    Line::from(vec![Span::styled(mark, style), Span::raw(rest)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::demo_items;
    use zhifa_core::domain::diff::diff_catalogs;

    fn text(lines: &[Line]) -> String {
        lines.iter().map(|l| l.to_string()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_changed_item_shows_each_fields_old_and_new_value() {
        let diff = diff_catalogs(&demo_items(0), &demo_items(1));
        let changed = diff.changed.first().expect("the demo's versions differ in some item");
        let first = changed.values.first().expect("its changed fields");
        let shown = text(&diff_lines(&diff, "旧", "新", 400, Lang::Zh, Theme::default()));
        let expected =
            format!("{}：{} → {}", field_label(first.field, Lang::Zh), first.old, first.new);
        let expected: String = expected.chars().take(60).collect();
        assert!(shown.contains(&expected), "{expected}\n{shown}");
        let english = text(&diff_lines(&diff, "old", "new", 400, Lang::En, Theme::default()));
        assert!(english.contains(&format!("{}: ", first.field)), "{english}");
    }
}
