//! Recording work: the forms of the 巡查, 案件 and 投诉 tabs. `n` opens the new-record form of
//! the tab; Enter opens the menu of what can be done with the selected patrol, case or ticket
//! (only what the officer's role may do, only what the record's state allows). A submitted form
//! becomes a [`Command`] for the store; a refusal comes back into the form, naming the reason.
//!
//! A finding whose action is a case (or an on-the-spot penalty) opens the case form filled in
//! from the finding; a ticket turned into a patrol task or a case fills those forms the same way:
//! nothing is typed twice.

pub mod forms;
pub mod parse;
pub mod render;

use super::patrols::PatrolLine;
use crate::app::Action;
use crate::form::{Form, FormEvent, FormField};
use chrono::NaiveDate;
pub use forms::StepKind;
use zhifa_app::command::Command;
use zhifa_app::worklist::CaseLine;
use zhifa_catalog::search::{SearchFilter, SearchIndex};
use zhifa_core::calendar::WorkCalendar;
use zhifa_core::domain::case::steps::offers;
use zhifa_core::domain::case::{Authority, Judge};
use zhifa_core::domain::officer::{may_act, Officer, Operation, Team};
use zhifa_core::domain::patrol::{PatrolStatus, Reinspection};
use zhifa_core::domain::ticket::{Ticket, TicketStatus};
use zhifa_core::i18n::Lang;
use zhifa_intake::duplicates::{likely_duplicates, Thresholds, TicketText};

/// How many catalog hits the item field shows.
const ITEM_HITS: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskKind {
    PlanPatrol {
        ticket: Option<i64>,
    },
    FinishPatrol(i64),
    /// `offered`: the re-inspections due for the patrol's team, in the order the form offers
    /// them (after “not a re-inspection”).
    Finding {
        patrol: i64,
        offered: Vec<(i64, i64)>,
    },
    OpenCase {
        finding: Option<(i64, i64)>,
        ticket: Option<i64>,
    },
    SpotDecision {
        finding: Option<(i64, i64)>,
    },
    /// What can be done with the selected record (field 0 is the choice).
    Menu(Vec<MenuEntry>),
    Step {
        case: i64,
        kind: StepKind,
    },
    NewTicket,
    AssignTicket(i64),
    ReplyTicket(i64),
    Callback(i64),
    TransferTicket(i64),
    LinkTicket(i64),
    AddTeam,
    AddGrid,
    UnlockOfficer,
}

/// One line of a record's menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuEntry {
    StartPatrol(i64),
    Finding(i64),
    FinishPatrol(i64),
    SignOff(i64),
    Step(i64, StepKind),
    /// A step that fits the case but cannot be taken now, by this officer: why not.
    Unavailable(StepKind, String),
    AssignTicket(i64),
    ReplyTicket(i64),
    Callback(i64),
    TransferTicket(i64),
    LinkTicket(i64),
    TicketToPatrol(i64),
    TicketToCase(i64),
}

impl MenuEntry {
    pub fn label(&self, lang: Lang) -> &'static str {
        match self {
            MenuEntry::StartPatrol(_) => lang.pick("开始巡查", "start the patrol"),
            MenuEntry::Finding(_) => lang.pick("记录巡查发现", "record a finding"),
            MenuEntry::FinishPatrol(_) => lang.pick("结束巡查", "finish the patrol"),
            MenuEntry::SignOff(_) => lang.pick("审签巡查", "sign the patrol off"),
            MenuEntry::Step(_, kind) | MenuEntry::Unavailable(kind, _) => kind.label(lang),
            MenuEntry::AssignTicket(_) => lang.pick("分派中队", "assign to a team"),
            MenuEntry::ReplyTicket(_) => lang.pick("答复", "reply"),
            MenuEntry::Callback(_) => lang.pick("回访", "callback"),
            MenuEntry::TransferTicket(_) => {
                lang.pick("转办（不属本局职责）", "transfer out of scope")
            }
            MenuEntry::LinkTicket(_) => lang.pick("关联为重复件", "link as a repeat"),
            MenuEntry::TicketToPatrol(_) => lang.pick("转为巡查任务", "make a patrol task"),
            MenuEntry::TicketToCase(_) => lang.pick("立案（登记线索）", "open a case"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskState {
    pub kind: TaskKind,
    pub form: Form,
    /// Catalog items matching the item field: (code, name), best first.
    pub hits: Vec<(String, String)>,
    /// The hit Enter takes (↑/↓ on the item field choose it).
    pub hit: usize,
    /// Likely repeats of a new ticket, shown before it is saved: (id, one line).
    pub duplicates: Vec<(i64, String)>,
    /// The new ticket's text (place, content) as last compared with the earlier ones: compared
    /// again before saving whenever it is not what is typed now.
    pub checked: Option<String>,
    /// Submitted; waiting for the store.
    pub busy: bool,
}

impl TaskState {
    pub fn new(kind: TaskKind, fields: Vec<FormField>) -> TaskState {
        TaskState {
            kind,
            form: Form::new(fields),
            hits: Vec::new(),
            hit: 0,
            duplicates: Vec::new(),
            checked: None,
            busy: false,
        }
    }

    pub fn title(&self, lang: Lang) -> &'static str {
        match &self.kind {
            TaskKind::PlanPatrol { .. } => lang.pick("安排巡查", "Plan a patrol"),
            TaskKind::FinishPatrol(_) => lang.pick("结束巡查", "Finish the patrol"),
            TaskKind::Finding { .. } => lang.pick("记录巡查发现", "Record a finding"),
            TaskKind::OpenCase { .. } => lang.pick("登记案件线索", "Open a case"),
            TaskKind::SpotDecision { .. } => {
                lang.pick("简易程序：当场处罚决定", "Simple procedure: decide on the spot")
            }
            TaskKind::Menu(_) => lang.pick("办理", "Actions"),
            TaskKind::Step { kind, .. } => kind.label(lang),
            TaskKind::NewTicket => lang.pick("登记投诉举报", "Take in a complaint"),
            TaskKind::AssignTicket(_) => lang.pick("分派中队", "Assign to a team"),
            TaskKind::ReplyTicket(_) => lang.pick("答复投诉人", "Reply"),
            TaskKind::Callback(_) => lang.pick("回访", "Callback"),
            TaskKind::TransferTicket(_) => lang.pick("转办", "Transfer"),
            TaskKind::LinkTicket(_) => lang.pick("关联为重复件", "Link as a repeat"),
            TaskKind::AddTeam => lang.pick("新增中队", "Add a street team"),
            TaskKind::AddGrid => lang.pick("新增网格", "Add a grid"),
            TaskKind::UnlockOfficer => lang.pick("解锁账号", "Unlock an account"),
        }
    }

    /// Whether the focused field is the catalog item field (Enter takes the best hit).
    fn on_item_field(&self) -> bool {
        forms::item_field(&self.kind).is_some_and(|key| self.form.at(key) == self.form.focus)
    }
}

/// What the form needs of the app: who, when, and the lists already in memory.
pub struct Ctx<'a> {
    pub officer: &'a Officer,
    pub today: NaiveDate,
    /// The time in China at the last key (forms default to times from it); `None` before any.
    pub now: Option<chrono::NaiveDateTime>,
    pub teams: &'a [Team],
    pub index: &'a SearchIndex,
    pub tickets: &'a [Ticket],
    /// Orders to correct waiting for their re-inspection.
    pub reinspections: &'a [Reinspection],
    /// Accounts locked by failed logins (the unlock form chooses among them).
    pub locked: &'a [Officer],
    pub lang: Lang,
}

/// What an action did to the task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Close,
    Submit(Box<Command>),
    /// Another form takes this one's place (a menu's choice).
    Replace(Box<TaskState>),
}

pub fn update(task: &mut TaskState, action: Action, ctx: &Ctx) -> Outcome {
    if task.busy {
        return Outcome::Stay;
    }
    if action == Action::Open && task.on_item_field() && take_chosen_hit(task) {
        return Outcome::Stay;
    }
    // On the item field with hits listed, ↑/↓ choose among them rather than leave the field.
    if matches!(action, Action::Up | Action::Down) && task.on_item_field() && !task.hits.is_empty()
    {
        task.hit = match action {
            Action::Up => task.hit.saturating_sub(1),
            _ => (task.hit + 1).min(task.hits.len() - 1),
        };
        return Outcome::Stay;
    }
    match task.form.update(&action) {
        FormEvent::Cancel => Outcome::Close,
        FormEvent::Submit => submit(task, ctx),
        FormEvent::Changed => {
            if let TaskKind::Menu(entries) = &task.kind {
                task.form.error = unavailable_reason(entries, task.form.chosen(0));
            }
            if let Some(field) = forms::item_field(&task.kind) {
                task.hits = item_hits(ctx.index, split_last_entry(task.form.value_of(field)).1);
                task.hit = 0;
            }
            Outcome::Stay
        }
        FormEvent::Ignored => Outcome::Stay,
    }
}

/// The store refused: the reason shows in the form, which stays as typed, with the cursor on
/// the field the refusal is about, if the form has it.
pub fn refused(task: &mut TaskState, message: String, field: Option<&str>) {
    task.busy = false;
    task.form.error = Some(message);
    if let Some(key) = field {
        task.form.focus_of(key);
    }
}

/// Why the menu's entry `chosen` cannot be taken, if it cannot.
fn unavailable_reason(entries: &[MenuEntry], chosen: usize) -> Option<String> {
    match entries.get(chosen) {
        Some(MenuEntry::Unavailable(_, reason)) => Some(reason.clone()),
        _ => None,
    }
}

/// Enter in the item field puts the chosen hit's code (the best, unless ↑/↓ chose another) in
/// place of the last entry typed (a case may cite several, separated by commas), unless that
/// entry already is a code.
fn take_chosen_hit(task: &mut TaskState) -> bool {
    let Some(field) = forms::item_field(&task.kind) else { return false };
    let text = task.form.value_of(field).to_string();
    let (before, last) = split_last_entry(&text);
    match task.hits.get(task.hit) {
        Some((code, _)) if !last.is_empty() && code != last => {
            let replaced = format!("{before}{code}");
            task.form.set_of(field, &replaced);
            true
        }
        _ => false,
    }
}

/// The text up to and including the last separator, and the entry after it (trimmed).
fn split_last_entry(text: &str) -> (&str, &str) {
    match text.rfind([',', '，']) {
        Some(at) => {
            let next = at + text[at..].chars().next().map_or(1, char::len_utf8);
            (&text[..next], text[next..].trim())
        }
        None => ("", text.trim()),
    }
}

fn item_hits(index: &SearchIndex, query: &str) -> Vec<(String, String)> {
    if query.trim().is_empty() {
        return Vec::new();
    }
    index
        .search(query, &SearchFilter::default(), ITEM_HITS)
        .into_iter()
        .filter_map(|hit| index.docs().get(hit.doc))
        .map(|doc| (doc.code.clone(), doc.name.clone()))
        .collect()
}

fn submit(task: &mut TaskState, ctx: &Ctx) -> Outcome {
    if let TaskKind::Menu(entries) = &task.kind {
        let chosen = entries.get(task.form.chosen(0)).cloned();
        // A step that cannot be taken says why instead of doing nothing.
        if let Some(reason) = unavailable_reason(entries, task.form.chosen(0)) {
            task.form.error = Some(reason);
            return Outcome::Stay;
        }
        return chosen.map_or(Outcome::Close, |entry| forms::chosen(entry, ctx));
    }
    if task.kind == TaskKind::NewTicket {
        if let Some(outcome) = show_duplicates(task, ctx) {
            return outcome;
        }
    }
    match parse::command(task, ctx) {
        Ok(command) => {
            task.busy = true;
            Outcome::Submit(Box::new(command))
        }
        Err(message) => {
            task.form.error = Some(message);
            Outcome::Stay
        }
    }
}

/// Before a new ticket is saved: the earlier tickets it probably repeats, offered as a choice
/// (link to one, or take it in as new). `None` when there are none, when the text as typed was
/// compared already (the officer has chosen), or when the form does not read yet (the save
/// reports why; the comparison runs on the next Enter, never skipped).
fn show_duplicates(task: &mut TaskState, ctx: &Ctx) -> Option<Outcome> {
    let new = parse::incoming_ticket(&task.form, ctx).ok()?;
    let text = format!("{}\n{}", new.place.trim(), new.content.trim());
    if task.checked.as_deref() == Some(text.as_str()) {
        return None;
    }
    task.checked = Some(text);
    // The text changed since the repeats were offered: offer them afresh.
    task.form.fields.retain(|field| field.key != forms::TICKET_REPEAT);
    task.duplicates.clear();
    // A repeat already linked is not offered: the link goes to the ticket it repeats.
    let originals: Vec<&Ticket> = ctx.tickets.iter().filter(|t| t.duplicate_of.is_none()).collect();
    let earlier: Vec<TicketText> = originals.iter().map(|t| TicketText::of(&t.incoming)).collect();
    let found = likely_duplicates(&TicketText::of(&new), &earlier, Thresholds::default());
    if found.is_empty() {
        return None;
    }
    task.duplicates = found
        .iter()
        .filter_map(|(i, _)| originals.get(*i))
        .map(|t| (t.id, format!("#{} {} {}", t.id, t.incoming.place, t.incoming.content)))
        .collect();
    let mut choices = vec![ctx.lang.pick("不关联，作为新件登记", "take in as new").to_string()];
    choices.extend(
        task.duplicates
            .iter()
            .map(|(id, _)| format!("{} #{id}", ctx.lang.pick("关联到", "link to"))),
    );
    task.form
        .fields
        .push(FormField::choice(("重复件", "Repeat of"), choices).keyed(forms::TICKET_REPEAT));
    task.form.focus_on(task.form.fields.len() - 1);
    task.form.error = Some(
        ctx.lang
            .pick(
                "可能与以下投诉重复：选择关联（←/→）后再按 Enter 提交",
                "Likely repeats below: choose whether to link (←/→), then Enter",
            )
            .into(),
    );
    Some(Outcome::Stay)
}

/// What can be done with a patrol now, by this officer on `today` (what needs a valid
/// certificate is offered only to its holder: the store would refuse it).
pub fn patrol_menu(line: &PatrolLine, officer: &Officer, today: NaiveDate) -> Vec<MenuEntry> {
    let id = line.patrol.id;
    let entries = match line.patrol.status {
        PatrolStatus::Planned => vec![(MenuEntry::StartPatrol(id), Operation::RecordPatrol)],
        PatrolStatus::Underway => vec![
            (MenuEntry::Finding(id), Operation::RecordFinding),
            (MenuEntry::FinishPatrol(id), Operation::RecordPatrol),
        ],
        PatrolStatus::Finished => vec![(MenuEntry::SignOff(id), Operation::ApproveCase)],
        PatrolStatus::SignedOff => vec![],
    };
    entries.into_iter().filter(|(_, op)| may_act(officer, *op, today)).map(|(e, _)| e).collect()
}

/// Where and under which rules steps are judged for the menu.
pub struct Rules<'a> {
    pub calendar: &'a WorkCalendar,
    pub authority: &'a Authority,
}

/// The steps a case can take at its stage: those this officer may take on `today`, and the
/// others with the reason they cannot (their role, a certificate, what must happen first).
pub fn case_menu(
    line: &CaseLine,
    officer: &Officer,
    today: NaiveDate,
    rules: &Rules,
    lang: Lang,
) -> Vec<MenuEntry> {
    let id = line.case.id;
    let judge =
        Judge { role: officer.role, today, calendar: rules.calendar, authority: rules.authority };
    let no_certificate = lang.pick(
        "执法证无效或已过期：不能办理案件（《行政处罚法》第四十二条）",
        "no valid enforcement certificate: no case work (APL art. 42)",
    );
    offers(&line.case.state, &judge, &officer.badge)
        .into_iter()
        .map(|offer| match offer.refusal {
            Some(refusal) => MenuEntry::Unavailable(offer.kind, refusal.message(lang)),
            None => match offer.kind.sample(today, &officer.badge) {
                Some(step)
                    if !may_act(officer, zhifa_core::domain::case::operation(&step), today) =>
                {
                    MenuEntry::Unavailable(offer.kind, no_certificate.to_string())
                }
                _ => MenuEntry::Step(id, offer.kind),
            },
        })
        .collect()
}

pub fn ticket_menu(ticket: &Ticket, officer: &Officer, today: NaiveDate) -> Vec<MenuEntry> {
    let id = ticket.id;
    let may = |op| may_act(officer, op, today);
    let mut entries = Vec::new();
    let open = ticket.status.awaits_reply();
    if open && may(Operation::AssignWork) {
        entries.push(MenuEntry::AssignTicket(id));
    }
    if may(Operation::HandleTickets) {
        if open {
            entries.push(MenuEntry::ReplyTicket(id));
            entries.push(MenuEntry::TransferTicket(id));
        }
        if ticket.status == TicketStatus::Replied {
            entries.push(MenuEntry::Callback(id));
        }
        if ticket.duplicate_of.is_none() {
            entries.push(MenuEntry::LinkTicket(id));
        }
    }
    if open && may(Operation::AssignWork) {
        entries.push(MenuEntry::TicketToPatrol(id));
    }
    if may(Operation::EditCaseRecords) {
        entries.push(MenuEntry::TicketToCase(id));
    }
    entries
}

/// A menu of `entries`, or nothing to do.
pub fn menu(entries: Vec<MenuEntry>, lang: Lang) -> Option<TaskState> {
    if entries.is_empty() {
        return None;
    }
    let labels = entries
        .iter()
        .map(|e| match e {
            MenuEntry::Unavailable(..) => format!("× {}", e.label(lang)),
            _ => e.label(lang).to_string(),
        })
        .collect();
    let field = FormField::choice(("办理", "Action"), labels);
    let mut task = TaskState::new(TaskKind::Menu(entries), vec![field]);
    if let TaskKind::Menu(entries) = &task.kind {
        task.form.error = unavailable_reason(entries, 0);
    }
    Some(task)
}

/// The form that follows a recorded one: a finding acted on by a case or an on-the-spot penalty
/// opens that case's form, filled in from the finding.
pub fn follow_up(task: &TaskState, finding: Option<(i64, i64)>, ctx: &Ctx) -> Option<TaskState> {
    let TaskKind::Finding { .. } = task.kind else { return None };
    let simple = match task.form.chosen_of(forms::FINDING_ACTION) {
        4 => true,
        5 => false,
        _ => return None,
    };
    let f = &task.form;
    let draft = forms::CaseDraft {
        source: Some(zhifa_core::domain::case_file::CaseSource::Patrol),
        place: f.value_of(forms::FINDING_PLACE).to_string(),
        grid: f.value_of(forms::FINDING_GRID).to_string(),
        facts: f.value_of(forms::FINDING_DESCRIPTION).to_string(),
        act_on: Some(ctx.today),
        item: f.value_of(forms::FINDING_ITEM).to_string(),
        finding,
        ticket: None,
    };
    let mut next = forms::case_form(draft, simple, ctx);
    next.form.focus_of(forms::CASE_PARTY);
    Some(next)
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod ticket_tests;
