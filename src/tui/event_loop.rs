//! The one loop: draw → read an event → update → perform effects (feeding their results back as
//! actions) → repeat until the app asks to quit.
//!
//! [`Session`] owns the terminal. Leaving raw mode, the alternate screen and mouse capture happens
//! in its `Drop`, so it runs on every exit path: a normal quit, an error returned with `?`, and a
//! panic (ratatui's panic hook restores first so the message is readable; ours adds mouse capture).

use super::app::{update, Action, App, Effect};
use super::screens::catalog::render::pane_at;
use super::{frame, keys, load_catalog};
use crate::domain::version::CatalogVersion;
use crate::store::Store;
use anyhow::Result;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, MouseEventKind};
use crossterm::execute;
use ratatui::layout::Position;
use ratatui::DefaultTerminal;
use std::io::stdout;

pub fn run(app: &mut App, store: &Store) -> Result<()> {
    let mut session = Session::start()?;
    let size = session.terminal.size()?;
    update(app, Action::Resize(size.width, size.height));
    while !app.quit {
        session.terminal.draw(|f| frame::render(f, app))?;
        let Some(action) = translate(app, event::read()?) else { continue };
        let mut next = update(app, action);
        while let Some(effect) = next {
            let result = perform(effect, store, &app.versions);
            next = update(app, result);
        }
    }
    Ok(())
}

/// The action an input event means now (keys through the key table, the wheel as scrolling).
fn translate(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) => keys::action_for(key, &app.key_contexts()),
        Event::Mouse(mouse) => {
            let screen = frame::body_area(app.size);
            let position = Position::new(mouse.column, mouse.row);
            let pane = pane_at(&app.catalog, screen, position);
            match mouse.kind {
                MouseEventKind::ScrollUp => Some(Action::ScrollUp(pane)),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown(pane)),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        _ => None,
    }
}

fn perform(effect: Effect, store: &Store, versions: &[CatalogVersion]) -> Action {
    match effect {
        Effect::LoadItem { version, code } => match store.catalog_item(version, &code) {
            Ok(Some(item)) => Action::ItemLoaded(Box::new(item)),
            Ok(None) => Action::Failed(format!("{code}: not found")),
            Err(error) => Action::Failed(error.to_string()),
        },
        Effect::LoadVersion(id) => {
            let Some(version) = versions.iter().find(|v| v.id == id) else {
                return Action::Failed(format!("version {} vanished", id.0));
            };
            match load_catalog(store, version.clone()) {
                Ok(loaded) => Action::VersionLoaded(Box::new(loaded)),
                Err(error) => Action::Failed(error.to_string()),
            }
        }
    }
}

/// The terminal in raw mode on the alternate screen with mouse capture, for as long as it lives.
struct Session {
    terminal: DefaultTerminal,
}

impl Session {
    fn start() -> Result<Session> {
        let terminal = match ratatui::try_init() {
            Ok(terminal) => terminal,
            Err(error) => {
                // try_init may fail after raw mode is already on.
                ratatui::restore();
                return Err(error.into());
            }
        };
        // Constructed before enabling the mouse, so a failure below still restores everything.
        let session = Session { terminal };
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(stdout(), DisableMouseCapture);
            previous(info);
        }));
        execute!(stdout(), EnableMouseCapture)?;
        Ok(session)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures::demo_app;
    use crate::tui::screens::catalog::Focus;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent};

    fn wheel(kind: MouseEventKind) -> Event {
        Event::Mouse(MouseEvent { kind, column: 5, row: 5, modifiers: KeyModifiers::NONE })
    }

    #[test]
    fn wheel_scrolls_the_pane_under_the_pointer_and_keys_go_through_the_table() {
        let mut app = demo_app();
        update(&mut app, Action::Resize(100, 30));
        let list = Focus::List;
        assert_eq!(
            translate(&app, wheel(MouseEventKind::ScrollDown)),
            Some(Action::ScrollDown(list))
        );
        assert_eq!(translate(&app, wheel(MouseEventKind::ScrollUp)), Some(Action::ScrollUp(list)));
        update(&mut app, Action::Open);
        let over_detail = Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 90,
            row: 10,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(translate(&app, over_detail), Some(Action::ScrollDown(Focus::Detail)));
        assert_eq!(
            translate(&app, wheel(MouseEventKind::ScrollDown)),
            Some(Action::ScrollDown(list))
        );
        assert_eq!(translate(&app, wheel(MouseEventKind::Moved)), None);
        assert_eq!(translate(&app, Event::Resize(10, 3)), Some(Action::Resize(10, 3)));
        let q = Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
        assert_eq!(translate(&app, q.clone()), Some(Action::Quit), "the detail has the keyboard");
        update(&mut app, Action::FocusSearch);
        assert_eq!(translate(&app, q), Some(Action::Insert('q')), "the field has the keyboard");
    }
}
