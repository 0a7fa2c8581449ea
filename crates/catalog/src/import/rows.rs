//! Data rows → catalog items: one item per row, or in a discretion table one item per group of
//! tier rows.
//!
//! Fill-down rule: a discretion table publishes one row per tier with the item's columns merged
//! down. A row whose identifying cells (序号, code, name) are all blank — or only repeat a merged
//! region (XLSX) — continues the item above and adds a tier. The item takes its values from its
//! first row; a blank 处罚种类及幅度 in a tier row repeats the row above (a merged group). Outside
//! tiered tables nothing is filled down in CSV, because a blank cell there is usually really
//! empty; in XLSX every cell of a merged region carries the region's value.
//!
//! This module reports row-level problems and never stops at the first; it does not decide
//! whether to write anything.

use super::basis::{add_basis, BasisKind};
use super::codes::{clean_code, derive_code};
use super::fines::{parse_amount, parse_fine_text, FineParse};
use super::headers::{Field, Layout};
use super::table::{fold_width, one_line, Cell, Grid, Row};
use super::validate::{check_duplicate_codes, check_ranges, check_tier_in_range, CodeSite};
use super::ImportReport;
use zhifa_core::domain::catalog::{CatalogItem, DiscretionTier, PowerType};

/// Builds items from the data rows under the header, collecting every problem in `report`.
pub fn build_items(grid: &Grid, layout: &Layout, report: &mut ImportReport) -> Vec<CatalogItem> {
    if !layout.has(Field::PowerType) {
        report.warning(
            None,
            None,
            "no 职权类型 column: every item is taken as 行政处罚".to_string(),
        );
    }
    let data: Vec<&Row> =
        grid.rows.iter().skip(layout.data_start).filter(|r| !r.is_blank()).collect();
    let mut items = Vec::new();
    let mut sites = Vec::new();
    for group in group_rows(&data, layout) {
        if is_note_row(group[0], layout) {
            report.warning(
                Some(group[0].number),
                None,
                format!("row skipped: only “{}” (a heading or note?)", first_text(group[0])),
            );
            continue;
        }
        let reader = ItemReader { layout, report: &mut *report };
        if let Some((item, site)) = reader.read(&group) {
            items.push(item);
            sites.push(site);
        }
    }
    let code_header = layout.column(Field::Code).map(|c| c.header.as_str());
    check_duplicate_codes(&sites, code_header, report);
    items
}

/// Splits the data rows into items: a new item starts at every row in a plain table, and at every
/// row with its own identifying cell in a tiered table.
fn group_rows<'g>(rows: &[&'g Row], layout: &Layout) -> Vec<Vec<&'g Row>> {
    let tiered =
        [Field::TierName, Field::TierConditions, Field::TierPenalty].iter().any(|f| layout.has(*f));
    let identity: Vec<usize> = layout
        .columns
        .iter()
        .filter(|c| c.field.is_some_and(Field::identifies_item))
        .map(|c| c.index)
        .collect();
    let mut groups: Vec<Vec<&Row>> = Vec::new();
    for row in rows {
        let own_identity =
            identity.iter().any(|&i| row.cell(i).is_some_and(|c| !c.is_blank() && !c.merged));
        match groups.last_mut() {
            Some(group)
                if tiered
                    && !identity.is_empty()
                    && (!own_identity || repeats(row, group[0], &identity)) =>
            {
                group.push(row)
            }
            _ => groups.push(vec![row]),
        }
    }
    groups
}

/// Some publishers type the offence's columns again on every tier row instead of merging them.
fn repeats(row: &Row, first: &Row, identity: &[usize]) -> bool {
    let text = |r: &Row, i: usize| r.cell(i).map(|c| c.text.clone()).unwrap_or_default();
    identity.iter().all(|&i| text(row, i) == text(first, i))
}

/// A heading (一、档案(共 13 项)) or footnote row: one filled cell and no name or code.
fn is_note_row(row: &Row, layout: &Layout) -> bool {
    let filled = row.cells.iter().filter(|c| !c.is_blank() && !c.merged).count();
    let named = [Field::Name, Field::NameMain, Field::NameSub, Field::Code]
        .iter()
        .filter_map(|f| layout.column(*f))
        .any(|c| row.cell(c.index).is_some_and(|cell| !cell.is_blank()));
    filled <= 1 && !named
}

fn first_text(row: &Row) -> String {
    let text =
        row.cells.iter().find(|c| !c.is_blank()).map(|c| one_line(&c.text)).unwrap_or_default();
    text.chars().take(40).collect()
}

/// Reads one item from its rows, reporting into `report`.
struct ItemReader<'a> {
    layout: &'a Layout,
    report: &'a mut ImportReport,
}

impl ItemReader<'_> {
    fn read(mut self, rows: &[&Row]) -> Option<(CatalogItem, CodeSite)> {
        let first = rows[0];
        let mut item = CatalogItem {
            name: self.name(first),
            power_type: self.power_type(first),
            domain: self.line(first, Field::Domain),
            department: self.line(first, Field::Department),
            transfer_mode: self.line(first, Field::TransferMode),
            scope: split_list(&self.text(first, Field::Scope)),
            remarks: self.text(first, Field::Remarks),
            ..CatalogItem::default()
        };
        self.basis(first, &mut item);
        self.penalty(rows, &mut item);
        self.explicit_fines(first, &mut item);
        self.warn_conflicts(rows);
        if item.name.is_empty() {
            let column = self.header(Field::Name).or_else(|| self.header(Field::NameSub));
            self.report.error(Some(first.number), column.as_deref(), "name is empty".to_string());
        }
        let (code, derived) = self.code(first, &item);
        item.code = code.clone();
        // Blame the column the range came from: a typed fine_min, else the penalty text.
        let typed = self.cell(first, Field::FineMin).is_some_and(|c| !c.is_blank());
        let column = self.header(if typed { Field::FineMin } else { Field::PenaltyText });
        check_ranges(&item, first.number, column.as_deref(), self.report);
        Some((item, CodeSite { code, row: first.number, derived }))
    }

    fn cell<'r>(&self, row: &'r Row, field: Field) -> Option<&'r Cell> {
        self.layout.column(field).and_then(|c| row.cell(c.index))
    }

    fn text(&self, row: &Row, field: Field) -> String {
        self.cell(row, field).map(|c| c.text.clone()).unwrap_or_default()
    }

    fn line(&self, row: &Row, field: Field) -> String {
        one_line(&self.text(row, field))
    }

    fn header(&self, field: Field) -> Option<String> {
        self.layout.column(field).map(|c| c.header.clone())
    }

    /// 事项名称 first; else 子项名称 (the power itself), else 主项名称.
    fn name(&self, row: &Row) -> String {
        [Field::Name, Field::NameSub, Field::NameMain]
            .iter()
            .map(|f| self.line(row, *f))
            .find(|n| !n.is_empty())
            .unwrap_or_default()
    }

    fn power_type(&mut self, row: &Row) -> PowerType {
        let Some(column) = self.layout.column(Field::PowerType) else {
            return PowerType::Penalty;
        };
        let text = self.line(row, Field::PowerType);
        if text.is_empty() {
            self.report.warning(
                Some(row.number),
                Some(&column.header),
                "职权类型 is empty; taken as 行政处罚".to_string(),
            );
            return PowerType::Penalty;
        }
        text.parse::<PowerType>().unwrap_or_else(|_| {
            self.report.error(
                Some(row.number),
                Some(&column.header),
                format!("“{text}” is not an enforcement power (expected 行政处罚, 行政检查, 行政强制措施, 行政强制执行 or 其他)"),
            );
            PowerType::Penalty
        })
    }

    fn basis(&self, row: &Row, item: &mut CatalogItem) {
        let law = self.line(row, Field::BasisLaw);
        for (field, kind) in [
            (Field::Basis, BasisKind::Either),
            (Field::BasisViolated, BasisKind::Violated),
            (Field::BasisPenalty, BasisKind::Penalty),
        ] {
            add_basis(&mut item.basis, kind, &self.text(row, field), &law);
        }
        let text = self.text(row, Field::BasisText);
        if !text.is_empty() {
            if !item.basis.text.is_empty() {
                item.basis.text.push('\n');
            }
            item.basis.text.push_str(&text);
        }
        // Only the regulation is named (法规规章 without a basis column): keep it so search and
        // casework know the law.
        if item.basis.is_empty() && !law.is_empty() {
            let law = law.trim_start_matches('《').trim_end_matches('》').to_string();
            item.basis
                .penalty
                .push(zhifa_core::domain::catalog::Provision { law, ..Default::default() });
        }
    }

    /// 处罚种类及幅度 (one per group of tiers, blank rows repeating the row above) and the tiers.
    fn penalty(&mut self, rows: &[&Row], item: &mut CatalogItem) {
        let mut groups: Vec<String> = Vec::new();
        let mut current = String::new();
        for row in rows {
            let own = self.text(row, Field::PenaltyText);
            if !own.is_empty() {
                current = own;
            }
            if !current.is_empty() && !groups.contains(&current) {
                groups.push(current.clone());
            }
            if let Some(tier) = self.tier(row) {
                let range = parse_fine_text(&current).envelope();
                let column = self.header(Field::TierPenalty);
                check_tier_in_range(&tier, range, row.number, column.as_deref(), self.report);
                item.tiers.push(tier);
            }
        }
        item.penalty_text = groups.join("；");
        let parsed: FineParse = parse_fine_text(&item.penalty_text);
        (item.fine_min, item.fine_max) = parsed.overall.unzip();
        item.party_fines = parsed.by_party;
    }

    fn tier(&mut self, row: &Row) -> Option<DiscretionTier> {
        let name = self.line(row, Field::TierName);
        let conditions = self.text(row, Field::TierConditions);
        let penalty_text = self.text(row, Field::TierPenalty);
        if name.is_empty() && conditions.is_empty() && penalty_text.is_empty() {
            return None;
        }
        if name.is_empty() && self.layout.has(Field::TierName) {
            let column = self.header(Field::TierName);
            self.report.warning(
                Some(row.number),
                column.as_deref(),
                "tier has no 裁量阶次".to_string(),
            );
        }
        let (fine_min, fine_max) = parse_fine_text(&penalty_text).single().unzip();
        Some(DiscretionTier { name, conditions, penalty_text, fine_min, fine_max })
    }

    /// fine_min / fine_max columns override what the penalty text says.
    fn explicit_fines(&mut self, row: &Row, item: &mut CatalogItem) {
        for field in [Field::FineMin, Field::FineMax] {
            let Some(cell) = self.cell(row, field) else { continue };
            if cell.is_blank() {
                continue;
            }
            let text = fold_width(&cell.text).replace(['元', ',', ' '], "");
            match parse_amount(&text) {
                Some(value) if field == Field::FineMin => item.fine_min = Some(value),
                Some(value) => item.fine_max = Some(value),
                None => {
                    let column = self.header(field);
                    self.report.error(
                        Some(row.number),
                        column.as_deref(),
                        format!("“{}” is not an amount in yuan", cell.text),
                    );
                }
            }
        }
    }

    /// A tier row that types a different item-level value than the item's first row: the first
    /// row wins, but the admin should know.
    fn warn_conflicts(&mut self, rows: &[&Row]) {
        let Some((first, rest)) = rows.split_first() else { return };
        let columns: Vec<(usize, String)> = self
            .layout
            .columns
            .iter()
            .filter(|c| c.field.is_some_and(|f| !f.is_tier() && f != Field::PenaltyText))
            .map(|c| (c.index, c.header.clone()))
            .collect();
        for row in rest {
            for (index, header) in &columns {
                let (Some(mine), Some(top)) = (row.cell(*index), first.cell(*index)) else {
                    continue;
                };
                if !mine.is_blank() && !mine.merged && mine.text != top.text {
                    self.report.warning(
                        Some(row.number),
                        Some(header),
                        format!(
                            "differs from row {} of the same item; row {}'s value is kept",
                            first.number, first.number
                        ),
                    );
                }
            }
        }
    }

    /// The published code, cleaned; or a derived one when the list has no code (column or cell).
    fn code(&mut self, row: &Row, item: &CatalogItem) -> (String, bool) {
        let published = self
            .layout
            .column(Field::Code)
            .and_then(|c| Some((c.header.clone(), row.cell(c.index)?)));
        if let Some((header, cell)) = published.filter(|(_, cell)| !cell.is_blank()) {
            return match clean_code(cell) {
                Ok(clean) => {
                    if let Some(warning) = clean.warning {
                        self.report.warning(Some(row.number), Some(&header), warning);
                    }
                    (clean.code, false)
                }
                Err(message) => {
                    self.report.error(Some(row.number), Some(&header), message);
                    (String::new(), false)
                }
            };
        }
        if item.name.is_empty() {
            return (String::new(), true);
        }
        self.report.derived_codes += 1;
        (derive_code(&item.name, &item.department), true)
    }
}

/// 实施范围 cells list streets separated by 、，,；;/ or line breaks.
pub fn split_list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(['、', '，', ',', '；', ';', '/', '\n']) {
        let part = part.trim();
        if !part.is_empty() && !out.iter().any(|p| p == part) {
            out.push(part.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::headers::detect;
    use super::super::table::grid_from_csv;
    use super::super::SourceFormat;
    use super::*;

    fn import(csv: &str) -> (Vec<CatalogItem>, ImportReport) {
        let grid = grid_from_csv(csv).unwrap_or_default();
        let layout = detect(&grid).unwrap_or_else(|e| panic!("{e}"));
        let mut report = ImportReport::new("t.csv", SourceFormat::Csv);
        let items = build_items(&grid, &layout, &mut report);
        (items, report)
    }

    fn messages(report: &ImportReport) -> Vec<String> {
        report.problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn tier_rows_fill_down_into_one_item() {
        let (items, report) = import(
            "序号,违法行为,处罚种类及幅度,裁量阶次,适用条件,处罚标准\n\
             1,甲,处二千元以上五千元以下罚款,较轻,首次,处一千元罚款。\n\
             ,,,较重,二次,处三千元罚款。\n\
             ,,,严重,三次,处五千元罚款。\n\
             2,乙,处五十元罚款,一般,,处五十元罚款\n",
        );
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].tiers.len(), 3);
        assert_eq!((items[0].fine_min, items[0].fine_max), (Some(2000), Some(5000)));
        assert_eq!(
            (items[0].tiers[0].fine_min, items[0].tiers[0].fine_max),
            (Some(1000), Some(1000))
        );
        let warnings: Vec<String> =
            messages(&report).into_iter().filter(|m| m.contains("tier")).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("t.csv:2:处罚标准: warning: tier “较轻”"), "{warnings:?}");
    }

    #[test]
    fn tier_rows_that_repeat_the_offence_also_fold() {
        let (items, report) = import(
            "序号,违法行为,裁量阶次,处罚标准\n1,甲,较轻,处一千元罚款\n1,甲,较重,处两千元罚款\n2,甲,一般,处五十元罚款\n",
        );
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].tiers.len(), 2);
        // Same name under another 序号 is another item; its derived code is a true duplicate.
        assert!(report.errors().any(|p| p.row == Some(4)), "{:?}", report.problems);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_row_and_column() {
        let (items, report) = import(
            "事项编码,事项名称,职权类型\n\
             330275012000,甲,行政处罚\n\
             3.30217E+17,乙,行政处罚\n\
             330275012001,,处罚\n\
             330275012000,丁,行政许可\n",
        );
        assert_eq!(items.len(), 4);
        let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            vec![
                "t.csv:3:事项编码: error: code “3.30217E+17” has lost digits in Excel (scientific notation); re-export with the column as text",
                "t.csv:4:事项名称: error: name is empty",
                "t.csv:5:职权类型: error: “行政许可” is not an enforcement power (expected 行政处罚, 行政检查, 行政强制措施, 行政强制执行 or 其他)",
                "t.csv:5:事项编码: error: duplicate code 330275012000: also on row 2",
            ]
        );
    }

    #[test]
    fn derived_codes_and_default_power_type() {
        let (items, report) = import("事项名称,实施主体,实施范围\n甲,城管局,观湖街道办事处、民治街道办事处\n甲,水务局,\n甲,城管局,\n");
        assert_eq!(report.derived_codes, 3);
        assert_ne!(items[0].code, items[1].code);
        assert_eq!(items[0].scope, vec!["观湖街道办事处", "民治街道办事处"]);
        let all = messages(&report);
        assert!(
            all.contains(
                &"t.csv: warning: no 职权类型 column: every item is taken as 行政处罚".to_string()
            ),
            "{all:?}"
        );
        assert!(
            all.iter().any(|m| m.starts_with("t.csv:4: error: same name and department as row 2")),
            "{all:?}"
        );
    }

    #[test]
    fn headings_are_skipped_with_a_warning() {
        let (items, report) = import("序号,事项名称\n一、档案(共 13 项),\n1,甲\n");
        assert_eq!(items.len(), 1);
        assert!(!report.has_errors());
        assert_eq!(report.warnings().count(), 2);
    }

    #[test]
    fn scope_lists_split_on_any_separator() {
        assert_eq!(
            split_list("甲、乙，丙;丁/戊\n己、甲"),
            vec!["甲", "乙", "丙", "丁", "戊", "己"]
        );
    }
}
