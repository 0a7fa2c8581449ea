//! Drawing the catalog screen: header with filters and count, the search field (with the
//! terminal cursor at the right display column), the result list with matched characters
//! highlighted, and the detail pane. Pure functions of the state.

use super::{detail, versions, CatalogState, Detail, Focus};
use crate::theme::Theme;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use zhifa_core::domain::version::VersionStatus;
use zhifa_core::i18n::Lang;
use zhifa_core::text;

/// Below this width the list and the detail do not fit side by side: the detail takes the body.
const SIDE_BY_SIDE_MIN: u16 = 70;
/// The code column is shown only when the list is at least this wide.
const CODE_COLUMN_MIN: u16 = 44;
const CODE_WIDTH: usize = 14;

/// Draws the screen; `status` is the viewed version's status today, named in the header when
/// it is not the version in force, so an old catalog is never mistaken for the current one.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &CatalogState,
    status: Option<VersionStatus>,
    lang: Lang,
    theme: Theme,
) {
    let [header, input, body] = screen_areas(area);
    render_header(frame, header, state, status, lang, theme);
    render_input(frame, input, state, lang, theme);
    render_body(frame, body, state, lang, theme);
}

/// Header, search field and body of the screen in `area`.
fn screen_areas(area: Rect) -> [Rect; 3] {
    Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(0)]).areas(area)
}

/// Where the detail pane goes (borders included) when the screen has `area`: beside the list,
/// or over the whole body when the screen is too narrow for both. Shared by rendering and by
/// `update`, which needs the pane's size to stop scrolling at the last line.
pub fn detail_area(area: Rect) -> Rect {
    let [_, _, body] = screen_areas(area);
    if body.width < SIDE_BY_SIDE_MIN {
        return body;
    }
    let [_, detail] =
        Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)]).areas(body);
    detail
}

/// The pane under `position` on a catalog screen of `area`: the detail where it is drawn,
/// otherwise the list.
pub fn pane_at(state: &CatalogState, area: Rect, position: Position) -> Focus {
    let detail = detail_area(area);
    let [_, _, body] = screen_areas(area);
    let detail_drawn = state.detail != Detail::Closed
        && (body.width >= SIDE_BY_SIDE_MIN || state.focus == Focus::Detail);
    if detail_drawn && detail.contains(position) {
        Focus::Detail
    } else {
        Focus::List
    }
}

/// The result (index into the hits) drawn at `position`, when the list is there.
pub fn hit_at(state: &CatalogState, area: Rect, position: Position) -> Option<usize> {
    if pane_at(state, area, position) != Focus::List {
        return None;
    }
    let [_, _, body] = screen_areas(area);
    let side_by_side = state.detail != Detail::Closed && body.width >= SIDE_BY_SIDE_MIN;
    let list = if side_by_side {
        Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
            .areas::<2>(body)[0]
    } else {
        body
    };
    let inner = Block::new().borders(Borders::ALL).inner(list);
    if !inner.contains(position) {
        return None;
    }
    // The same scrolling as `render_list`: the selection at the bottom once it passes it.
    let first = (state.selected + 1).saturating_sub(inner.height as usize);
    let index = first + (position.y - inner.y) as usize;
    (index < state.hits.len()).then_some(index)
}

fn render_header(
    frame: &mut Frame,
    area: Rect,
    state: &CatalogState,
    status: Option<VersionStatus>,
    lang: Lang,
    theme: Theme,
) {
    let mut label = state.version.label.clone();
    if let Some(status) = status.filter(|s| *s != VersionStatus::InForce) {
        label = match lang {
            Lang::Zh => format!("{label}（{}）", versions::status_label(status, lang)),
            Lang::En => format!("{label} ({})", versions::status_label(status, lang)),
        };
    }
    let all = lang.pick("全部", "all");
    let power = state.filter.power_type.map_or(all.to_string(), |p| match lang {
        Lang::Zh => p.label_zh().to_string(),
        Lang::En => p.key().replace('_', " "),
    });
    let domain = state.filter.domain.clone().unwrap_or_else(|| all.to_string());
    let count = if state.hits.len() >= super::HIT_LIMIT {
        format!("{}+", super::HIT_LIMIT)
    } else {
        state.hits.len().to_string()
    };
    let department = state.filter.department.as_deref().unwrap_or(all);
    let team = state.filter.team.as_deref().unwrap_or(all);
    // The count first (a narrow terminal cuts from the end), then every filter with its key,
    // chosen or not: a newcomer finds b and s without the help. Filters can meet on nothing:
    // then the count says how to leave.
    let stranded = state.hits.is_empty() && !state.filter.is_empty();
    let text = match (lang, stranded) {
        (Lang::Zh, true) => format!("{label} · 0 条结果（x 取消全部筛选）"),
        (Lang::En, true) => format!("{label} · 0 results (x clears every filter)"),
        (Lang::Zh, false) => format!("{label} · {count} 条结果"),
        (Lang::En, false) => format!("{label} · {count} results"),
    };
    let text = match lang {
        Lang::Zh => format!(
            "{text} · 类型[t] {power} · 领域[d] {domain} · 部门[b] {department} · 范围[s] {team}"
        ),
        Lang::En => format!(
            "{text} · type[t] {power} · domain[d] {domain} · dept[b] {department} · scope[s] {team}"
        ),
    };
    let line = Line::styled(text::truncate(&text, area.width as usize), theme.title());
    frame.render_widget(Paragraph::new(line), area);
}

fn render_input(frame: &mut Frame, area: Rect, state: &CatalogState, lang: Lang, theme: Theme) {
    let prompt = lang.pick("检索 › ", "search › ");
    let focused = state.focus == Focus::Input;
    let prompt_style = if focused { theme.label() } else { theme.dim() };
    if state.query.is_empty() && !focused {
        let line = Line::from(vec![
            Span::styled(prompt, prompt_style),
            Span::styled(lang.pick("按 / 检索", "press / to search"), theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let prompt = Span::styled(prompt, prompt_style);
    state.query.render(frame, area, prompt, Style::default(), focused);
}

fn render_body(frame: &mut Frame, area: Rect, state: &CatalogState, lang: Lang, theme: Theme) {
    if state.detail == Detail::Closed {
        return render_list(frame, area, state, lang, theme);
    }
    if area.width < SIDE_BY_SIDE_MIN {
        if state.focus == Focus::Detail {
            return detail::render(frame, area, state, lang, theme);
        }
        return render_list(frame, area, state, lang, theme);
    }
    let [list, detail] =
        Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)]).areas(area);
    render_list(frame, list, state, lang, theme);
    detail::render(frame, detail, state, lang, theme);
}

/// A bordered pane whose border shows whether it has the keyboard.
pub fn pane(title: String, focused: bool, theme: Theme) -> Block<'static> {
    let style = if focused { theme.focused_border() } else { theme.border_style() };
    Block::new().borders(Borders::ALL).border_set(theme.border()).border_style(style).title(title)
}

fn render_list(frame: &mut Frame, area: Rect, state: &CatalogState, lang: Lang, theme: Theme) {
    let title = lang.pick(" 结果 ", " Results ").to_string();
    let block = pane(title, state.focus == Focus::List, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    if state.hits.is_empty() {
        let none = match (state.loading, state.index.len()) {
            (true, _) => lang.pick("正在载入目录……", "loading the catalog…"),
            (false, 0) => lang.pick(
                "尚无执法事项目录：管理员可在「管理」页导入",
                "no catalog yet: an admin can load one on the Admin tab",
            ),
            _ => lang.pick("没有匹配的事项", "no matching items"),
        };
        frame.render_widget(Paragraph::new(Span::styled(none, theme.dim())), inner);
        return;
    }
    let height = inner.height as usize;
    // The selection stays in view: the list scrolls just enough to show it at the bottom.
    let first = (state.selected + 1).saturating_sub(height);
    let lines: Vec<Line> = state
        .hits
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, hit)| result_line(state, hit, i == state.selected, inner.width, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Put before the name of a related hit (ASCII: one column a char).
const RELATED_MARK: &str = "~ ";
/// Put before the name of an item officers of this station chose after the same words.
const LEARNED_MARK: &str = "* ";

fn result_line(
    state: &CatalogState,
    hit: &zhifa_catalog::search::Hit,
    selected: bool,
    width: u16,
    theme: Theme,
) -> Line<'static> {
    let doc = state.index.doc(hit.doc);
    let pointer = if selected { theme.pointer() } else { "  " };
    let mut room = (width as usize).saturating_sub(text::width(pointer));
    let show_code = width >= CODE_COLUMN_MIN;
    if show_code {
        room = room.saturating_sub(CODE_WIDTH + 1);
    }
    let mut spans = vec![Span::raw(pointer)];
    // Related hits (everyday words, part of the query) carry a mark: they match less than the
    // direct ones above them, and the detail says why they came up.
    let mark = if hit.learned > 0 {
        LEARNED_MARK
    } else if hit.kind.is_related() {
        RELATED_MARK
    } else {
        ""
    };
    if !mark.is_empty() && room > mark.len() {
        spans.push(Span::styled(mark, theme.dim()));
        room -= mark.len();
    }
    spans.extend(highlighted(&doc.name, &hit.name_positions, room, theme));
    if show_code {
        let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
        let fill = (width as usize).saturating_sub(used + CODE_WIDTH);
        spans.push(Span::raw(" ".repeat(fill)));
        spans.push(Span::styled(text::pad(&doc.code, CODE_WIDTH), theme.dim()));
    }
    let line = Line::from(spans);
    if selected {
        line.style(theme.selected())
    } else {
        line
    }
}

/// `name` cut to `max` columns (with `…`), matched chars in the match style. Positions are char
/// indices; those past the cut are simply not shown.
pub fn highlighted(
    name: &str,
    positions: &[usize],
    max: usize,
    theme: Theme,
) -> Vec<Span<'static>> {
    let cut = text::width(name) > max;
    let budget = if cut { max.saturating_sub(1) } else { max };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    let mut used = 0;
    for (i, c) in name.chars().enumerate() {
        // Shown safe char by char, so the match positions (char indices) still line up.
        let Some(c) = text::safe_char(c) else { continue };
        let w = text::char_width(c);
        if used + w > budget {
            break;
        }
        used += w;
        let matched = positions.binary_search(&i).is_ok();
        if matched != run_matched && !run.is_empty() {
            spans.push(styled_run(std::mem::take(&mut run), run_matched, theme));
        }
        run_matched = matched;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(styled_run(run, run_matched, theme));
    }
    if cut && max > 0 {
        spans.push(Span::raw(theme.ellipsis()));
    }
    spans
}

fn styled_run(run: String, matched: bool, theme: Theme) -> Span<'static> {
    if matched {
        Span::styled(run, theme.matched())
    } else {
        Span::raw(run)
    }
}
