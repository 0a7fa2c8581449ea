//! One ticket's life: received from a channel (12345 and 数字城管 give their own reply date),
//! entered at the station of the team whose grid it is in, assigned by that team's leader,
//! answered by one of its officers — usually within days, now and then late — cut at the end of
//! the history, so the last days' tickets still await a reply. Pure: no SQL.

use super::words::{complaint, phone, place, reporter_name};
use super::world::{Gen, Moment};
use chrono::{Days, Duration, NaiveDate};
use zhifa_core::domain::ticket::{Channel, IncomingTicket, Reporter, TicketItem, TicketStatus};
use zhifa_intake::{reply_due, TicketPeriods};

pub struct TicketLife {
    pub incoming: IncomingTicket,
    /// As intake computes it: the dispatcher's date, else the local period on the calendar.
    pub reply_due: Option<NaiveDate>,
    pub added: Moment,
    /// The catalog item intake found it concerns (`None`: none matched, 未归类).
    pub item: Option<TicketItem>,
    /// And the team it went to.
    pub assigned: Option<(Moment, String)>,
    /// And what the complainant was told.
    pub replied: Option<(Moment, String)>,
}

impl TicketLife {
    pub fn status(&self) -> TicketStatus {
        match (&self.assigned, &self.replied) {
            (_, Some(_)) => TicketStatus::Replied,
            (Some(_), None) => TicketStatus::Assigned,
            (None, None) => TicketStatus::Received,
        }
    }

    pub fn team(&self) -> Option<&str> {
        self.assigned.as_ref().map(|(_, team)| team.as_str())
    }
}

/// A ticket received on `day`, or `None` when it would arrive after the end of the history.
pub fn ticket_life(g: &mut Gen, day: NaiveDate) -> Option<TicketLife> {
    let team_at = g.team();
    let team = &g.world.teams[team_at];
    let received_at = if g.rng.chance(6) { g.time(day, 0.0, 6.9) } else { g.time(day, 7.0, 22.9) };
    if received_at > g.end {
        return None;
    }
    let channel = channel(g);
    let grid = &team.grids[g.rng.below(team.grids.len())];
    let place = place(&mut g.rng, grid);
    let (content, reply) = complaint(&mut g.rng, &place);
    let anonymous = g.rng.chance(40);
    let reporter = Reporter {
        name: if anonymous { String::new() } else { reporter_name(&mut g.rng) },
        phone: if anonymous { String::new() } else { phone(&mut g.rng) },
        anonymous,
    };
    let incoming = IncomingTicket {
        number: number(g, channel, day),
        channel,
        received_at,
        reporter,
        place,
        content,
        due: dispatcher_due(channel, day),
    };
    let reply_due = reply_due(&incoming, &g.world.calendar, TicketPeriods::default());
    let clerks = if team.auxiliaries.is_empty() { &team.officers } else { &team.auxiliaries };
    let added = Moment::new(received_at + Duration::minutes(g.rng.between(5, 90)), g.pick(clerks));
    let item = item_of(g, team_at, &incoming);
    let mut life = TicketLife { incoming, reply_due, added, item, assigned: None, replied: None };
    if life.added.at > g.end {
        return None;
    }
    let team_code = team.code.clone();
    let (leaders, officers) = (team.leaders.clone(), team.officers.clone());
    handle(g, &mut life, team_code, &leaders, &officers, reply);
    Some(life)
}

/// The item intake's routing would have found: one of the penalty items the team may exercise
/// in the edition in force on the day of receipt, chosen by the ticket's number (not from the
/// random stream, so the rest of the history is as before); one in eight matches none (未归类).
/// Generated complaints are a few stock sentences, so the routing itself is not run on them.
fn item_of(g: &Gen, team: usize, incoming: &IncomingTicket) -> Option<TicketItem> {
    let hash = incoming
        .number
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    if hash % 8 == 0 {
        return None;
    }
    let edition = g.world.edition_on(incoming.received_at.date())?;
    let pool = &g.world.teams[team].items[edition].penalties;
    let at = *pool.get((hash / 8) as usize % pool.len().max(1))?;
    let item = &g.world.editions[edition].items[at];
    Some(TicketItem {
        version: g.world.editions[edition].id,
        code: item.code.clone(),
        domain: item.domain.clone(),
    })
}

fn channel(g: &mut Gen) -> Channel {
    match g.rng.below(100) {
        0..55 => Channel::Hotline,
        55..85 => Channel::DigitalCity,
        85..90 => Channel::Superior,
        90..95 => Channel::WalkIn,
        _ => Channel::Other,
    }
}

/// Numbers as each channel writes them, unique within the channel.
fn number(g: &mut Gen, channel: Channel, day: NaiveDate) -> String {
    let (prefix, width) = match channel {
        Channel::Hotline => (format!("12345-{}-", day.format("%Y%m%d")), 4),
        Channel::DigitalCity => (format!("SZCG{}", day.format("%Y%m%d")), 4),
        Channel::Superior => (format!("JB{}-", day.format("%Y")), 5),
        Channel::WalkIn => (format!("LF{}", day.format("%Y%m%d")), 3),
        Channel::Other => (format!("QT{}", day.format("%Y%m%d")), 3),
    };
    let n = g.number(&prefix);
    format!("{prefix}{n:0width$}")
}

/// The platforms set their own reply dates; letters and visits get the local period.
fn dispatcher_due(channel: Channel, day: NaiveDate) -> Option<NaiveDate> {
    let days = match channel {
        Channel::Hotline => 7,
        Channel::DigitalCity => 5,
        Channel::Superior => 10,
        Channel::WalkIn | Channel::Other => return None,
    };
    day.checked_add_days(Days::new(days))
}

/// Assignment by the leader within hours (now and then skipped: answered at the station), the
/// reply within days, a few late.
fn handle(
    g: &mut Gen,
    life: &mut TicketLife,
    team: String,
    leaders: &[String],
    officers: &[String],
    reply: String,
) {
    let mut at = life.added.at;
    if g.rng.chance(95) {
        at += Duration::minutes(g.rng.between(10, 300));
        if at > g.end {
            return;
        }
        life.assigned = Some((Moment::new(at, g.pick(leaders)), team));
    }
    let late = g.rng.chance(3);
    let hours = if late { g.rng.between(24 * 8, 24 * 20) } else { g.rng.between(3, 24 * 4) };
    let replied_at = at + Duration::hours(hours) + Duration::minutes(g.rng.between(0, 59));
    if replied_at <= g.end {
        life.replied = Some((Moment::new(replied_at, g.pick(officers)), reply));
    }
}
