//! The detail pane: one item in full, laid out for the pane's width (wrapping is done here, by
//! display width, so Chinese text never splits a character and continuation lines stay indented).

use super::render::pane;
use super::{CatalogState, Detail, Focus};
use crate::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use zhifa_catalog::search::MatchKind;
use zhifa_core::domain::catalog::{CatalogItem, Provision};
use zhifa_core::i18n::Lang;
use zhifa_core::text;

pub fn render(frame: &mut Frame, area: Rect, state: &CatalogState, lang: Lang, theme: Theme) {
    let title = lang.pick(" 事项详情 ", " Item ").to_string();
    let block = pane(title, state.focus == Focus::Detail, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let (lines, scroll) = match &state.detail {
        Detail::Shown { item, scroll } => {
            let mut lines = lines(item, inner.width as usize, Some(state.cited), lang, theme);
            if let Some(why) = why_found(state, item, lang) {
                let at = lines.len().min(1);
                lines.insert(
                    at,
                    Line::styled(text::truncate(&why, inner.width as usize), theme.dim()),
                );
            }
            (lines, *scroll)
        }
        Detail::Loading(code) => {
            (vec![Line::raw(text::truncate(&format!("{code} …"), inner.width as usize))], 0)
        }
        Detail::Closed => (Vec::new(), 0),
    };
    // Scrolling stops when the last line reaches the bottom of the pane.
    let max_scroll = lines.len().saturating_sub(inner.height as usize);
    let scroll = (scroll as usize).min(max_scroll) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// Why the item shown came up, when the search found it through everyday words or only part of
/// the query (shown under its name, so the officer sees why an unexpected item is listed).
pub fn why_found(state: &CatalogState, item: &CatalogItem, lang: Lang) -> Option<String> {
    let hit = state.hits.get(state.selected)?;
    if !(hit.kind.is_related() || hit.learned > 0) || state.index.doc(hit.doc).code != item.code {
        return None;
    }
    if hit.learned > 0 {
        return Some(match lang {
            Lang::Zh => format!("检索依据 本站常选：以此检索词已选 {} 次", hit.learned),
            Lang::En => format!("chosen here {} times after these words", hit.learned),
        });
    }
    Some(match (hit.kind, lang) {
        (MatchKind::Everyday, Lang::Zh) => format!("检索依据 近义：{}", hit.via_text()),
        (MatchKind::Everyday, Lang::En) => {
            format!("found through everyday words: {}", hit.via_text())
        }
        (_, Lang::Zh) => "检索依据 部分匹配：名称只含检索词的一部分".to_string(),
        (_, Lang::En) => {
            "found by a partial match: the name has only part of the query".to_string()
        }
    })
}

/// The furthest the detail can scroll in a pane of `area` (borders included): until its last
/// line reaches the bottom.
pub fn max_scroll(state: &CatalogState, item: &CatalogItem, area: Rect, lang: Lang) -> u16 {
    let inner = pane(String::new(), false, Theme::default()).inner(area);
    let why = usize::from(why_found(state, item, lang).is_some());
    let count = lines(item, inner.width as usize, None, lang, Theme::default()).len() + why;
    count.saturating_sub(inner.height as usize).min(u16::MAX as usize) as u16
}

/// Every line of the detail of `item` at `width` columns; the cited provision `cited` (counted
/// over violated, then penalty) marked as selected (Enter shows its article).
pub fn lines(
    item: &CatalogItem,
    width: usize,
    cited: Option<usize>,
    lang: Lang,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut out = Lines {
        out: Vec::new(),
        width,
        theme,
        label_width: label_width(lang),
        cited,
        next_provision: 0,
        lang,
    };
    for line in text::wrap(&item.name, width) {
        out.out.push(Line::styled(line, theme.title()));
    }
    out.field(lang.pick("事项编码", "code"), &item.code);
    let power = item.power_type.label(lang);
    out.field(lang.pick("职权类型", "power type"), &power);
    out.field(lang.pick("执法领域", "domain"), &item.domain);
    out.field(lang.pick("实施部门", "department"), &item.department);
    out.field(lang.pick("行使方式", "transfer mode"), &item.transfer_mode);
    let scope = if item.scope.is_empty() {
        lang.pick("全域", "everywhere").to_string()
    } else {
        lang.list(&item.scope)
    };
    out.field(lang.pick("适用范围", "scope"), &scope);
    out.provisions(lang.pick("违法依据", "provision violated"), &item.basis.violated);
    out.provisions(lang.pick("处罚依据", "penalty provision"), &item.basis.penalty);
    if !item.basis.text.is_empty() {
        out.section(lang.pick("依据原文", "basis as published"));
        out.indented(&item.basis.text);
    }
    out.section(lang.pick("处罚种类及幅度", "penalty"));
    out.indented(&item.penalty_text);
    out.field(lang.pick("罚款幅度", "fine range"), &fine_summary(item, lang));
    tiers(&mut out, item, lang);
    if !item.remarks.is_empty() {
        out.section(lang.pick("备注", "remarks"));
        out.indented(&item.remarks);
    }
    out.out
}

fn label_width(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 10,
        Lang::En => 15,
    }
}

/// "50–500 元; 个人 50–200 元; 单位 …", or — when the item sets no fine.
fn fine_summary(item: &CatalogItem, lang: Lang) -> String {
    let yuan = lang.pick("元", "yuan");
    let mut parts = Vec::new();
    if let (Some(min), Some(max)) = (item.fine_min, item.fine_max) {
        parts.push(format!("{min}–{max} {yuan}"));
    }
    for fine in &item.party_fines {
        let party = fine.party.label(lang);
        parts.push(format!("{party} {}–{} {yuan}", fine.min, fine.max));
    }
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(lang.pick("；", "; "))
    }
}

/// Discretion tiers as a table: tier, fine range, then conditions and standard wrapped under
/// their own column.
fn tiers(out: &mut Lines, item: &CatalogItem, lang: Lang) {
    if item.tiers.is_empty() {
        return;
    }
    out.section(lang.pick("裁量基准", "discretion tiers"));
    let (name_w, range_w) = (10, 14);
    let rest = out.width.saturating_sub(2 + name_w + range_w);
    let header = format!(
        "  {}{}{}",
        text::pad(lang.pick("阶次", "tier"), name_w),
        text::pad(lang.pick("罚款", "fine"), range_w),
        lang.pick("适用条件 / 处罚标准", "conditions / standard")
    );
    out.out.push(Line::styled(header, out.theme.label()));
    for tier in &item.tiers {
        let range = match (tier.fine_min, tier.fine_max) {
            (Some(min), Some(max)) => format!("{min}–{max}"),
            _ => "—".to_string(),
        };
        let prefix = format!("  {}{}", text::pad(&tier.name, name_w), text::pad(&range, range_w));
        let mut body = tier.conditions.clone();
        if !tier.penalty_text.is_empty() {
            body = format!("{body} → {}", tier.penalty_text);
        }
        let blank = " ".repeat(text::width(&prefix));
        // Too narrow for columns: the text goes under the row, full width.
        if rest < 8 {
            out.out.push(Line::raw(prefix));
            out.indented(&body);
            continue;
        }
        for (i, chunk) in text::wrap(&body, rest).into_iter().enumerate() {
            let lead = if i == 0 { prefix.clone() } else { blank.clone() };
            out.out.push(Line::raw(format!("{lead}{chunk}")));
        }
    }
}

struct Lines {
    out: Vec<Line<'static>>,
    width: usize,
    theme: Theme,
    label_width: usize,
    cited: Option<usize>,
    /// The number of the next provision drawn (over both lists).
    next_provision: usize,
    lang: Lang,
}

impl Lines {
    /// `label  value`, the value wrapped under itself; on a narrow pane, the value goes below.
    fn field(&mut self, label: &str, value: &str) {
        let value = if value.is_empty() { "—" } else { value };
        let room = self.width.saturating_sub(self.label_width);
        if room < 8 {
            self.out.push(Line::styled(label.to_string(), self.theme.label()));
            return self.indented(value);
        }
        for (i, chunk) in text::wrap(value, room).into_iter().enumerate() {
            let lead = if i == 0 { text::pad(label, self.label_width) } else { String::new() };
            let lead = text::pad(&lead, self.label_width);
            let style = self.theme.label();
            self.out.push(Line::from(vec![Span::styled(lead, style), Span::raw(chunk)]));
        }
    }

    fn section(&mut self, title: &str) {
        self.out.push(Line::raw(""));
        self.out.push(Line::styled(text::truncate(title, self.width), self.theme.label()));
    }

    fn indented(&mut self, value: &str) {
        let value = if value.is_empty() { "—" } else { value };
        for chunk in text::wrap(value, self.width.saturating_sub(2)) {
            self.out.push(Line::raw(format!("  {chunk}")));
        }
    }

    fn provisions(&mut self, title: &str, provisions: &[Provision]) {
        self.section(title);
        if provisions.is_empty() {
            return self.indented("");
        }
        for provision in provisions {
            let selected = self.cited == Some(self.next_provision);
            self.next_provision += 1;
            let (lead, style) = if selected {
                (self.theme.pointer().to_string(), self.theme.selected())
            } else {
                ("  ".to_string(), self.theme.title())
            };
            let lead_width = text::width(&lead);
            let citation = provision.citation_in(self.lang);
            let wrapped = text::wrap(&citation, self.width.saturating_sub(lead_width));
            for (i, chunk) in wrapped.into_iter().enumerate() {
                let lead = if i == 0 { lead.clone() } else { " ".repeat(lead_width) };
                self.out.push(Line::styled(format!("{lead}{chunk}"), style));
            }
            if !provision.text.is_empty() {
                self.indented(&provision.text);
            }
        }
    }
}
