//! The complaints that travel through the centre: `zhifa central dispatch` (the bureau's 12345
//! desk sends a feed's tickets to a station) and, in `zhifa sync`, the station taking them in.

use crate::central::Centre;
use crate::cli::auth::{self, Passwords};
use crate::cli::context::Context;
use crate::cli::out::{errln, outln};
use crate::i18n::Lang;
use crate::store::Store;
use crate::sync::{pull_tickets, Pulled, Pushed};
use anyhow::Result;
use serde::Serialize;
use std::path::Path;

/// What a sync did about the tickets dispatched to the station.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AtSync {
    /// Taken in (only when the sync runs as an officer: `--as`).
    pub pulled: Option<Pulled>,
    /// Still waiting at the centre for this station.
    pub waiting: i64,
}

/// After a push (which counted `waiting` at the centre): take in the tickets dispatched to the
/// station when an officer is syncing (`--as`), else leave them so the person is told.
pub fn at_sync(
    ctx: &Context,
    store: &mut Store,
    centre: &mut Centre,
    pushed: &Pushed,
    lang: Lang,
) -> Result<AtSync> {
    if ctx.acting_as.is_none() {
        return Ok(AtSync { pulled: None, waiting: pushed.tickets_waiting });
    }
    let who = auth::identity(ctx, store, &mut Passwords::new(ctx.passwords), lang)?;
    let periods = crate::config::Config::load()?.casework.ticket_periods();
    let pulled = pull_tickets(store, &who, centre, ctx.clock.now(), periods)
        .map_err(|e| anyhow::Error::msg(e.message(lang)))?;
    Ok(AtSync { pulled: Some(pulled), waiting: centre.waiting_count(&pushed.station)? })
}

/// The line `zhifa sync` prints about them, if there is anything to say.
pub fn print_at_sync(tickets: &AtSync, lang: Lang) {
    if let Some(pulled) = &tickets.pulled {
        if !pulled.taken_in.is_empty() || !pulled.already.is_empty() {
            match lang {
                Lang::Zh => outln!(
                    "中心派发的投诉举报：新收 {} 件，已有而跳过 {} 件",
                    pulled.taken_in.len(),
                    pulled.already.len()
                ),
                Lang::En => outln!(
                    "complaints dispatched by the centre: {} taken in, {} already here",
                    pulled.taken_in.len(),
                    pulled.already.len()
                ),
            }
        }
    } else if tickets.waiting > 0 {
        match lang {
            Lang::Zh => outln!(
                "中心派发的投诉举报 {} 件待接收：以执法人员身份同步（zhifa --as 证号 sync）即接收",
                tickets.waiting
            ),
            Lang::En => outln!(
                "{} complaints dispatched by the centre wait: sync as an officer (zhifa --as BADGE \
                 sync) to take them in",
                tickets.waiting
            ),
        }
    }
}

/// `zhifa central dispatch --station CODE FILE`: the feed's tickets sent to the station, all or
/// nothing; a number already dispatched to it is skipped.
pub fn dispatch(
    centre: &mut Centre,
    station: &str,
    file: &Path,
    json: bool,
    lang: Lang,
) -> Result<i32> {
    let report = crate::cli::ticket::read_feed_file(file, lang)?;
    if report.has_errors() {
        errln!(
            "{}",
            lang.pick(
                "文件有错误：未派发任何工单。",
                "the file has errors: nothing was dispatched."
            )
        );
        return Ok(2);
    }
    let outcome = centre.dispatch(station, &report.tickets)?;
    if json {
        crate::cli::json::print(&outcome)?;
        return Ok(0);
    }
    match lang {
        Lang::Zh => outln!(
            "已派发至站点 {station}：{} 件，此前已派发而跳过 {} 件",
            outcome.dispatched.len(),
            outcome.already.len()
        ),
        Lang::En => outln!(
            "dispatched to station {station}: {}, skipped {} dispatched before",
            outcome.dispatched.len(),
            outcome.already.len()
        ),
    }
    Ok(0)
}
