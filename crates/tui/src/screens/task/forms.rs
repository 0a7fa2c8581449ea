//! The fields of each work form, in order, with what can be known filled in: today's date, the
//! officer's own badge and team, the place and facts of the finding or ticket a record grows
//! from. Every field is named (`FormField::key`, the constants below for the work forms, the
//! domain's field keys for a step's form), and [`super::parse`] reads them back by name.

use super::{Ctx, MenuEntry, Outcome, TaskKind, TaskState};
use crate::form::FormField;
use chrono::NaiveDate;
use zhifa_app::command::Command;
pub use zhifa_core::domain::case::steps::StepKind;
use zhifa_core::domain::case::steps::{Input, Values};
use zhifa_core::domain::case_file::CaseSource;
use zhifa_core::domain::patrol::PatrolKind;
use zhifa_core::domain::ticket::{Channel, Ticket};
use zhifa_core::i18n::Lang;

/// The form of a step, one field per [`FieldSpec`](zhifa_core::domain::case::steps::FieldSpec) of the
/// step, each named by its field key so that the form is read back by identity; `None` when the
/// step asks nothing.
pub fn step_form(case: i64, kind: StepKind, ctx: &Ctx) -> Option<TaskState> {
    let specs = kind.fields();
    if specs.is_empty() {
        return None;
    }
    let fields = specs
        .iter()
        .map(|spec| {
            let label = (spec.label_zh, spec.label_en);
            let field = match &spec.input {
                Input::Choice(choices) => {
                    let shown = choices.iter().map(|c| ctx.lang.pick(c.1, c.2).to_string());
                    let mut field = FormField::choice(label, shown.collect());
                    let default = kind.default_value(spec, ctx.today, &ctx.officer.badge);
                    if let Some(at) = choices.iter().position(|c| c.0 == default) {
                        field.choose(at);
                    }
                    field
                }
                _ => {
                    FormField::text(label, &kind.default_value(spec, ctx.today, &ctx.officer.badge))
                }
            };
            field.keyed(spec.key)
        })
        .collect();
    Some(TaskState::new(TaskKind::Step { case, kind }, fields))
}

/// Warning, fine, tier, reason of an on-the-spot decision (its party kind is asked above). The
/// tier is named as the item's discretion standard names it (从轻, 一般, 从重…); the store
/// checks it.
fn penalty_fields(lang: Lang) -> Vec<FormField> {
    vec![
        FormField::choice(("警告", "Warning"), no_yes(lang)).keyed(WARNING),
        FormField::text(("罚款（元）", "Fine (yuan)"), "").keyed(FINE),
        FormField::text(("裁量阶次（无则留空）", "Tier (empty: none)"), "").keyed(TIER),
        FormField::text(("阶次理由", "Reason for the tier"), "").keyed(TIER_REASON),
    ]
}

pub const WARNING: &str = "warning";
pub const FINE: &str = "fine";
pub const TIER: &str = "tier";
pub const TIER_REASON: &str = "tier_reason";

/// The catalog item field of the forms that have one.
pub fn item_field(kind: &TaskKind) -> Option<&'static str> {
    match kind {
        TaskKind::Finding { .. } => Some(FINDING_ITEM),
        TaskKind::OpenCase { .. } | TaskKind::SpotDecision { .. } => Some(CASE_ITEM),
        _ => None,
    }
}

pub const FINDING_TIME: &str = "time";
pub const FINDING_PLACE: &str = "place";
pub const FINDING_GRID: &str = "grid";
pub const FINDING_ITEM: &str = "item";
pub const FINDING_DESCRIPTION: &str = "description";
pub const FINDING_EVIDENCE: &str = "evidence";
pub const FINDING_ACTION: &str = "action";
pub const FINDING_CORRECT_BY: &str = "correct_by";
/// Present only when re-inspections are due.
pub const FINDING_REINSPECTS: &str = "reinspects";

/// The finding actions offered, in the order of [`super::parse`]'s reading.
pub const FINDING_ACTIONS: [&str; 7] =
    ["无问题", "劝导教育", "当场改正", "责令限期改正", "简易程序处罚", "立案", "移送"];
const FINDING_ACTIONS_EN: [&str; 7] = [
    "no problem",
    "educated",
    "corrected on the spot",
    "ordered to correct",
    "simple-procedure penalty",
    "open a case",
    "refer",
];

/// 否 / 是 in the interface's language: read back by position (0 no, 1 yes).
fn no_yes(lang: Lang) -> Vec<String> {
    vec![lang.pick("否", "no").into(), lang.pick("是", "yes").into()]
}

/// The finding form; when orders to correct wait for re-inspection, a last field offers them.
pub fn finding_form(patrol: i64, ctx: &Ctx) -> TaskState {
    let actions = FINDING_ACTIONS
        .iter()
        .zip(FINDING_ACTIONS_EN)
        .map(|(zh, en)| ctx.lang.pick(zh, en).to_string())
        .collect();
    let mut fields = vec![
        FormField::text(("时间（空=现在）", "Time (empty: now)"), "").keyed(FINDING_TIME),
        FormField::text(("地点", "Place"), "").keyed(FINDING_PLACE),
        FormField::text(("网格", "Grid"), "").keyed(FINDING_GRID),
        FormField::text(("涉嫌事项（检索）", "Item (search)"), "").keyed(FINDING_ITEM),
        FormField::text(("情况描述", "Description"), "").keyed(FINDING_DESCRIPTION),
        FormField::text(("证据文件（;分隔）", "Evidence files (;)"), "").keyed(FINDING_EVIDENCE),
        FormField::choice(("处置", "Action"), actions).keyed(FINDING_ACTION),
        FormField::text(("改正期限", "Correct by"), "").keyed(FINDING_CORRECT_BY),
    ];
    let offered: Vec<(i64, i64)> = ctx.reinspections.iter().map(|r| (r.patrol, r.seq)).collect();
    if !offered.is_empty() {
        let mut choices = vec![ctx.lang.pick("不是复查", "not a re-inspection").to_string()];
        choices.extend(
            ctx.reinspections.iter().map(|r| format!("{} {} {}", r.due, r.place, r.description)),
        );
        fields.push(
            FormField::choice(("复查（责令改正）", "Re-inspects"), choices)
                .keyed(FINDING_REINSPECTS),
        );
    }
    TaskState::new(TaskKind::Finding { patrol, offered }, fields)
}

pub const CASE_SOURCE: &str = "source";
pub const CASE_PLACE: &str = "place";
pub const CASE_GRID: &str = "grid";
pub const CASE_FACTS: &str = "facts";
pub const CASE_ACT_ON: &str = "act_on";
pub const CASE_ITEM: &str = "item";
pub const CASE_PARTY_KIND: &str = "party_kind";
pub const CASE_PARTY: &str = "party";
pub const CASE_ID_NUMBER: &str = "id_number";
pub const CASE_CONTACT: &str = "contact";
/// The ordinary case's question whether art. 58 requires a legal review.
pub const CASE_LEGAL_REVIEW: &str = "legal_review";
/// The on-the-spot decision's second officer.
pub const CASE_PARTNER: &str = "partner";

/// What a case form starts with.
#[derive(Debug, Clone, Default)]
pub struct CaseDraft {
    pub source: Option<CaseSource>,
    pub place: String,
    pub grid: String,
    pub facts: String,
    pub act_on: Option<NaiveDate>,
    pub item: String,
    pub finding: Option<(i64, i64)>,
    pub ticket: Option<i64>,
}

pub fn case_form(draft: CaseDraft, simple: bool, ctx: &Ctx) -> TaskState {
    let lang = ctx.lang;
    let mut sources: Vec<String> =
        CaseSource::ALL.iter().map(|s| s.label(lang).to_string()).collect();
    if let Some(first) = draft.source {
        sources.retain(|s| s != first.label(lang));
        sources.insert(0, first.label(lang).to_string());
    }
    let mut fields = vec![
        FormField::choice(("来源", "Source"), sources).keyed(CASE_SOURCE),
        FormField::text(("地点", "Place"), &draft.place).keyed(CASE_PLACE),
        FormField::text(("网格", "Grid"), &draft.grid).keyed(CASE_GRID),
        FormField::text(("违法事实", "Facts"), &draft.facts).keyed(CASE_FACTS),
        FormField::text(
            ("违法行为日期", "Date of the act"),
            &draft.act_on.unwrap_or(ctx.today).to_string(),
        )
        .keyed(CASE_ACT_ON),
        FormField::text(("执法事项（检索）", "Item (search)"), &draft.item).keyed(CASE_ITEM),
        FormField::choice(
            ("当事人类型", "Party kind"),
            vec![lang.pick("个人", "individual").into(), lang.pick("单位", "organisation").into()],
        )
        .keyed(CASE_PARTY_KIND),
        FormField::text(("当事人", "Party"), "").keyed(CASE_PARTY),
        FormField::text(("证件号/信用代码", "ID / credit code"), "").keyed(CASE_ID_NUMBER),
        FormField::text(("联系方式", "Contact"), "").keyed(CASE_CONTACT),
    ];
    let kind = if simple {
        fields.extend(penalty_fields(lang));
        let partner = FormField::text(("同行执法人员证号", "Second officer's badge"), "");
        fields.push(partner.keyed(CASE_PARTNER));
        TaskKind::SpotDecision { finding: draft.finding }
    } else {
        let review = FormField::choice(("需法制审核", "Legal review"), no_yes(lang));
        fields.push(review.keyed(CASE_LEGAL_REVIEW));
        TaskKind::OpenCase { finding: draft.finding, ticket: draft.ticket }
    };
    TaskState::new(kind, fields)
}

pub const PLAN_TEAM: &str = "team";
pub const PLAN_KIND: &str = "kind";
pub const PLAN_GRIDS: &str = "grids";
pub const PLAN_ROUTE: &str = "route";
pub const PLAN_OFFICERS: &str = "officers";
pub const PLAN_START: &str = "start";
pub const PLAN_END: &str = "end";

pub fn plan_form(ctx: &Ctx, ticket: Option<&Ticket>) -> TaskState {
    let team = ctx.officer.team.clone().unwrap_or_default();
    let (start, end) = plan_times(ctx);
    let route = ticket.map(|t| t.incoming.place.clone()).unwrap_or_default();
    let fields = vec![
        FormField::text(("中队", "Team"), &team).keyed(PLAN_TEAM),
        FormField::choice(
            ("类型", "Kind"),
            PatrolKind::ALL
                .iter()
                .map(|k| ctx.lang.pick(k.label_zh(), k.label_en()).into())
                .collect(),
        )
        .keyed(PLAN_KIND),
        FormField::text(("网格（逗号分隔）", "Grids (comma)"), "").keyed(PLAN_GRIDS),
        FormField::text(("路线", "Route"), &route).keyed(PLAN_ROUTE),
        FormField::text(("执法人员（逗号分隔）", "Officers (comma)"), "").keyed(PLAN_OFFICERS),
        FormField::text(("计划开始", "Starts"), &start).keyed(PLAN_START),
        FormField::text(("计划结束", "Ends"), &end).keyed(PLAN_END),
    ];
    TaskState::new(TaskKind::PlanPatrol { ticket: ticket.map(|t| t.id) }, fields)
}

/// A new plan's default times: two and a half hours from the next half hour, while that ends by
/// 21:30; later in the evening (or with no time known), tomorrow's (today's) 09:00–11:30.
fn plan_times(ctx: &Ctx) -> (String, String) {
    use chrono::{Duration, NaiveTime, Timelike};
    let shown = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
    let morning =
        |day: NaiveDate| day.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default());
    let length = Duration::minutes(150);
    let start = match ctx.now.filter(|now| now.date() == ctx.today) {
        Some(now) => {
            let past = i64::from(now.minute() % 30) * 60 + i64::from(now.second());
            let next = if past == 0 { now } else { now + Duration::seconds(30 * 60 - past) };
            let latest = ctx.today.and_time(NaiveTime::from_hms_opt(19, 0, 0).unwrap_or_default());
            if next <= latest {
                next
            } else {
                morning(ctx.today + Duration::days(1))
            }
        }
        None => morning(ctx.today),
    };
    (shown(start), shown(start + length))
}

pub const TICKET_NUMBER: &str = "number";
pub const TICKET_CHANNEL: &str = "channel";
pub const TICKET_PLACE: &str = "place";
pub const TICKET_CONTENT: &str = "content";
pub const TICKET_REPORTER: &str = "reporter";
pub const TICKET_PHONE: &str = "phone";
pub const TICKET_ANONYMOUS: &str = "anonymous";
/// Added once likely repeats are found.
pub const TICKET_REPEAT: &str = "repeat";

pub fn ticket_form(lang: Lang) -> TaskState {
    let fields = vec![
        FormField::text(("工单编号（空则自动编号）", "Ticket no. (empty: numbered)"), "")
            .keyed(TICKET_NUMBER),
        FormField::choice(
            ("渠道", "Channel"),
            Channel::ALL.iter().map(|c| c.label(lang).to_string()).collect(),
        )
        .keyed(TICKET_CHANNEL),
        FormField::text(("地点", "Place"), "").keyed(TICKET_PLACE),
        FormField::text(("反映内容", "Content"), "").keyed(TICKET_CONTENT),
        FormField::text(("反映人", "Reporter"), "").keyed(TICKET_REPORTER),
        FormField::text(("联系电话", "Phone"), "").keyed(TICKET_PHONE),
        FormField::choice(("要求保密", "Confidential"), no_yes(lang)).keyed(TICKET_ANONYMOUS),
    ];
    TaskState::new(TaskKind::NewTicket, fields)
}

/// Assigning ticket `id` to a team, `team` (a code) chosen when given.
pub fn assign_form(id: i64, team: Option<&str>, ctx: &Ctx) -> TaskState {
    let teams: Vec<String> = ctx.teams.iter().map(|t| format!("{} {}", t.code, t.name)).collect();
    let chosen = team.and_then(|code| ctx.teams.iter().position(|t| t.code == code));
    let mut field = FormField::choice(("中队", "Team"), teams).keyed(TEAM);
    if let Some(index) = chosen {
        field.choose(index);
    }
    TaskState::new(TaskKind::AssignTicket(id), vec![field])
}

/// Transferring ticket `id`, filled in with where and why when a suggestion says.
pub fn transfer_form(id: i64, to: &str, reason: &str) -> TaskState {
    TaskState::new(
        TaskKind::TransferTicket(id),
        vec![
            FormField::text(("转往单位", "Transfer to"), to).keyed(TRANSFER_TO),
            FormField::text(("理由", "Reason"), reason).keyed(REASON),
        ],
    )
}

/// The form (or the command, for a step that asks nothing) a menu choice leads to.
pub fn chosen(entry: MenuEntry, ctx: &Ctx) -> Outcome {
    let form = |kind: TaskKind, fields: Vec<FormField>| {
        Outcome::Replace(Box::new(TaskState::new(kind, fields)))
    };
    match entry {
        MenuEntry::StartPatrol(id) => Outcome::Submit(Box::new(Command::StartPatrol(id))),
        MenuEntry::SignOff(id) => Outcome::Submit(Box::new(Command::SignOffPatrol(id))),
        MenuEntry::Finding(id) => Outcome::Replace(Box::new(finding_form(id, ctx))),
        MenuEntry::FinishPatrol(id) => form(
            TaskKind::FinishPatrol(id),
            vec![FormField::text(("巡查小结", "Summary"), "").keyed(SUMMARY)],
        ),
        MenuEntry::Unavailable(..) => Outcome::Stay,
        MenuEntry::Step(case, kind) => match step_form(case, kind, ctx) {
            Some(form) => Outcome::Replace(Box::new(form)),
            None => match kind.build(&Values::default()) {
                Ok(step) => Outcome::Submit(Box::new(Command::TakeStep { case, step })),
                Err(_) => Outcome::Close,
            },
        },
        MenuEntry::AssignTicket(id) => Outcome::Replace(Box::new(assign_form(id, None, ctx))),
        MenuEntry::ReplyTicket(id) => form(
            TaskKind::ReplyTicket(id),
            vec![FormField::text(("答复内容", "Reply"), "").keyed(REPLY)],
        ),
        MenuEntry::Callback(id) => form(
            TaskKind::Callback(id),
            vec![
                FormField::choice(
                    ("回访结果", "Result"),
                    vec![
                        ctx.lang.pick("满意", "satisfied").into(),
                        ctx.lang.pick("不满意", "dissatisfied").into(),
                    ],
                )
                .keyed(RESULT),
                FormField::text(("说明", "Note"), "").keyed(NOTE),
            ],
        ),
        MenuEntry::TransferTicket(id) => Outcome::Replace(Box::new(transfer_form(id, "", ""))),
        MenuEntry::LinkTicket(id) => form(
            TaskKind::LinkTicket(id),
            vec![FormField::text(("重复于（列表所示编号或 #序号）", "Repeats (no. or #id)"), "")
                .keyed(ORIGINAL)],
        ),
        MenuEntry::TicketToPatrol(id) => {
            let ticket = ctx.tickets.iter().find(|t| t.id == id);
            Outcome::Replace(Box::new(plan_form(ctx, ticket)))
        }
        MenuEntry::TicketToCase(id) => {
            let ticket = ctx.tickets.iter().find(|t| t.id == id);
            let draft = CaseDraft {
                source: Some(CaseSource::Ticket),
                place: ticket.map(|t| t.incoming.place.clone()).unwrap_or_default(),
                facts: ticket.map(|t| t.incoming.content.clone()).unwrap_or_default(),
                act_on: ticket.map(|t| t.incoming.received_at.date()),
                ticket: Some(id),
                ..CaseDraft::default()
            };
            Outcome::Replace(Box::new(case_form(draft, false, ctx)))
        }
    }
}

/// The fields of the small forms (a patrol's summary, a ticket's team, reply, callback,
/// transfer or link; a team or a grid).
pub const SUMMARY: &str = "summary";
pub const TEAM: &str = "team";
pub const REPLY: &str = "reply";
pub const RESULT: &str = "result";
pub const NOTE: &str = "note";
pub const TRANSFER_TO: &str = "to";
pub const REASON: &str = "reason";
pub const ORIGINAL: &str = "original";
pub const CODE: &str = "code";
pub const NAME: &str = "name";
pub const BRIGADE: &str = "brigade";
pub const ROAD: &str = "road";
pub const LANDMARKS: &str = "landmarks";
pub const BADGE: &str = "badge";

pub fn team_form() -> TaskState {
    let fields = vec![
        FormField::text(("中队编码", "Team code"), "").keyed(CODE),
        FormField::text(("中队名称（如 青溪中队）", "Name (e.g. 青溪中队)"), "").keyed(NAME),
        FormField::text(("所属大队编码（可空）", "Brigade code (optional)"), "").keyed(BRIGADE),
    ];
    TaskState::new(TaskKind::AddTeam, fields)
}

/// The accounts locked by failed logins, one to choose (the list on the admin tab, in order).
pub fn unlock_form(locked: &[zhifa_core::domain::officer::Officer]) -> TaskState {
    let accounts = locked
        .iter()
        .map(|o| format!("{} {}（{}次失败）", o.badge, o.name, o.failed_attempts))
        .collect();
    let fields = vec![FormField::choice(("账号", "Account"), accounts).keyed(BADGE)];
    TaskState::new(TaskKind::UnlockOfficer, fields)
}

pub fn grid_form(app: &crate::app::App) -> TaskState {
    let teams = app.teams.iter().map(|t| format!("{} {}", t.code, t.name)).collect();
    let fields = vec![
        FormField::text(("网格编码", "Grid code"), "").keyed(CODE),
        FormField::text(("网格名称", "Name"), "").keyed(NAME),
        FormField::choice(("所属中队", "Team"), teams).keyed(TEAM),
        FormField::text(("路段", "Road segment"), "").keyed(ROAD),
        FormField::text(("标志地物", "Landmarks"), "").keyed(LANDMARKS),
    ];
    TaskState::new(TaskKind::AddGrid, fields)
}
