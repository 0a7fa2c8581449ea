//! Plain-text tables whose columns line up with Chinese (double-width) text. Cells are shown
//! safe (`text::safe_line`): a name holding terminal controls prints as visible pictures.

pub use crate::text::{pad, truncate, width};

/// Renders rows under a header for standard output: capped columns on a terminal, whole cells
/// when piped (a file or another program is not a screen's width, and must not lose text).
pub fn render(header: &[&str], rows: &[Vec<String>], caps: &[usize]) -> String {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        render_capped(header, rows, caps)
    } else {
        render_capped(header, rows, &[])
    }
}

/// Every column but the last is padded to its widest cell, capped where `caps` gives a cap.
pub fn render_capped(header: &[&str], rows: &[Vec<String>], caps: &[usize]) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(width(cell));
        }
    }
    for (w, cap) in widths.iter_mut().zip(caps) {
        *w = (*w).min(*cap);
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(&truncate(cell, widths[i]));
            } else {
                s.push_str(&pad(cell, widths[i]));
                s.push_str("  ");
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(header.to_vec());
    out.push('\n');
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_wide_characters_as_two_columns() {
        assert_eq!(truncate("占用城市道路", 12), "占用城市道路");
        assert_eq!(truncate("占用城市道路", 7), "占用城…");
        assert_eq!(truncate("占用城市道路", 8), "占用城…");
        assert!(width(&truncate("占用城市道路", 8)) <= 8);
    }

    #[test]
    fn columns_align_after_chinese_cells() {
        let out = render_capped(
            &["编码", "名称"],
            &[vec!["A1".into(), "甲".into()], vec!["330217101001".into(), "乙".into()]],
            &[20, 40],
        );
        let lines: Vec<&str> = out.lines().collect();
        let col = |l: &str| l.find(['甲', '乙', '名']).map(|i| width(&l[..i]));
        assert_eq!(col(lines[0]), col(lines[1]));
        assert_eq!(col(lines[1]), col(lines[2]));
    }

    #[test]
    fn uncapped_columns_keep_every_cell_whole() {
        let long = "未按规定对犬只实行拴养或者采取其他安全措施的行为";
        let rows = vec![vec![long.to_string(), "尾".to_string()]];
        assert!(!render_capped(&["名称", "尾"], &rows, &[12, 4]).contains(long));
        assert!(render_capped(&["名称", "尾"], &rows, &[]).contains(long));
    }

    #[test]
    fn hostile_cells_print_no_control_and_keep_the_columns() {
        let names = ["\x1b[2J\x1b]0;pwned\x07", "张\u{200b}三\u{301}", "a\u{202e}b\r\nc", "青溪"];
        let rows: Vec<Vec<String>> =
            names.iter().map(|n| vec![n.to_string(), "尾".to_string()]).collect();
        let out = render_capped(&["名称", "尾"], &rows, &[12, 4]);
        assert!(!out.chars().any(|c| c != '\n' && crate::text::is_terminal_control(c)), "{out:?}");
        assert_eq!(out.lines().count(), 5, "one line per row: {out:?}");
        let tail_columns: Vec<Option<usize>> =
            out.lines().map(|l| l.rfind('尾').map(|i| width(&l[..i]))).collect();
        assert!(tail_columns.iter().all(|c| *c == tail_columns[0] && c.is_some()), "{out}");
    }
}
