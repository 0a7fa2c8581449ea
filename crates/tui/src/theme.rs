//! Every style the TUI paints with, in one place.
//!
//! Colour is dropped when `NO_COLOR` is set (https://no-color.org): emphasis then falls back to
//! bold, underline and reverse video, which every terminal shows. `ZHIFA_ASCII=1` (or `ascii_borders` in the config file) draws borders
//! with `+-|` for terminals (or fonts) that draw box characters double width and break the grid.
//! This module decides how things look, never what is shown.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
}

/// Borders made of ASCII only.
const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Default for Theme {
    fn default() -> Theme {
        Theme { color: true, ascii: false }
    }
}

impl Theme {
    /// The theme the settings ask for (the config file, `NO_COLOR`, `ZHIFA_ASCII`).
    pub fn from_config(config: &zhifa_app::config::Config) -> Theme {
        Theme { color: config.color, ascii: config.ascii_borders }
    }

    pub fn border(self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    /// The marker in front of the selected row.
    pub fn pointer(self) -> &'static str {
        if self.ascii {
            "> "
        } else {
            "▶ "
        }
    }

    /// Between the parts of the status line.
    pub fn separator(self) -> &'static str {
        if self.ascii {
            " | "
        } else {
            " │ "
        }
    }

    pub fn ellipsis(self) -> &'static str {
        "…"
    }

    /// Matched characters of a search hit.
    pub fn matched(self) -> Style {
        self.colored(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn label(self) -> Style {
        self.colored(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn tab_active(self) -> Style {
        self.colored(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    pub fn tab(self) -> Style {
        Style::new()
    }

    pub fn status(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn error(self) -> Style {
        self.colored(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// The text of a form field; the one being typed in is underlined, so it shows without colour.
    pub fn field(self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::UNDERLINED)
        } else {
            Style::new()
        }
    }

    /// Success: a login, a finished import.
    pub fn ok(self) -> Style {
        self.colored(Color::Green).add_modifier(Modifier::BOLD)
    }

    /// The border of the pane that has the keyboard.
    pub fn focused_border(self) -> Style {
        self.colored(Color::Yellow)
    }

    pub fn border_style(self) -> Style {
        self.dim()
    }

    fn colored(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }
}
