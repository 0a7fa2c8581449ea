//! Clearing the ground for an overlay without breaking wide characters at its edges.
//!
//! A Chinese character takes two cells. When an overlay's left edge falls on the second half of
//! one, the character (its first half just outside) is still drawn two cells wide by the terminal
//! and covers the overlay's border; when the right edge covers a first half, the second half is
//! left outside as an empty cell. [`Cleared`] clears the overlay's area as ratatui's `Clear` does
//! and blanks those cut characters, so every border is drawn whole.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

pub struct Cleared;

impl Widget for Cleared {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        // Which cells outside hold a character cut by the edge, judged before clearing.
        let rows = area.top()..area.bottom();
        let left: Vec<u16> = rows
            .clone()
            .filter(|&y| {
                area.left() > buf.area.left() && buf[(area.left() - 1, y)].symbol().width() > 1
            })
            .collect();
        let right: Vec<u16> = rows
            .filter(|&y| {
                area.right() < buf.area.right() && buf[(area.right() - 1, y)].symbol().width() > 1
            })
            .collect();
        Clear.render(area, buf);
        for y in left {
            buf[(area.left() - 1, y)].reset();
        }
        for y in right {
            buf[(area.right(), y)].reset();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::{Block, Borders};

    /// The row as a terminal shows it: a wide character covers the cell after it.
    fn shown(buf: &Buffer, y: u16) -> String {
        let mut out = String::new();
        let mut x = 0;
        while x < buf.area.width {
            let symbol = buf[(x, y)].symbol();
            out.push_str(symbol);
            x += symbol.width().max(1) as u16;
        }
        out
    }

    #[test]
    fn an_overlay_edge_on_a_wide_character_keeps_its_border() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 14, 3));
        for y in 0..3 {
            buf.set_string(0, y, "屋顶吊挂物品", ratatui::style::Style::default());
        }
        // Left edge on the second half of 吊 (cells 4–5), right edge on the first half of 物
        // (cells 8–9).
        let overlay = Rect::new(5, 0, 4, 3);
        Cleared.render(overlay, &mut buf);
        Block::new().borders(Borders::ALL).render(overlay, &mut buf);
        assert_eq!(shown(&buf, 0), "屋顶 ┌──┐ 品  ");
        assert_eq!(shown(&buf, 1), "屋顶 │  │ 品  ");
        assert_eq!(shown(&buf, 2), "屋顶 └──┘ 品  ");
    }

    #[test]
    fn with_plain_clear_the_border_is_lost() {
        // What Cleared fixes: ratatui's Clear alone leaves 吊 to cover the left border.
        let mut buf = Buffer::empty(Rect::new(0, 0, 14, 1));
        buf.set_string(0, 0, "屋顶吊挂物品", ratatui::style::Style::default());
        let overlay = Rect::new(5, 0, 4, 1);
        Clear.render(overlay, &mut buf);
        Block::new().borders(Borders::LEFT | Borders::RIGHT).render(overlay, &mut buf);
        assert!(!shown(&buf, 0).contains("│  │"), "{}", shown(&buf, 0));
    }
}
