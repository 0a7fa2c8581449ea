//! The fields of each work form, in order, with what can be known filled in: today's date, the
//! officer's own badge and team, the place and facts of the finding or ticket a record grows
//! from. [`super::parse`] reads them back by the same positions.

use super::{Ctx, MenuEntry, Outcome, TaskKind, TaskState};
use crate::command::Command;
pub use crate::domain::case::steps::StepKind;
use crate::domain::case::steps::{Input, Values};
use crate::domain::case_file::CaseSource;
use crate::domain::patrol::PatrolKind;
use crate::domain::ticket::{Channel, Ticket};
use crate::tui::form::FormField;
use chrono::NaiveDate;

/// The form of a step, one field per [`FieldSpec`](crate::domain::case::steps::FieldSpec) of the
/// step, each named by its [`FieldId`] (`TaskState::keys`) so that the form is read back by
/// identity; `None` when the step asks nothing.
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
            field
        })
        .collect();
    let mut task = TaskState::new(TaskKind::Step { case, kind }, fields);
    task.keys = specs.iter().map(|s| s.id).collect();
    Some(task)
}

/// Party kind, warning, fine, tier, reason: fields 0–4 of every penalty form. The tier is named
/// as the item's discretion standard names it (从轻, 一般, 从重…); the store checks it.
fn penalty_fields() -> Vec<FormField> {
    vec![
        FormField::choice(("当事人类型", "Party"), vec!["个人".into(), "单位".into()]),
        FormField::choice(("警告", "Warning"), vec!["否".into(), "是".into()]),
        FormField::text(("罚款（元）", "Fine (yuan)"), ""),
        FormField::text(("裁量阶次（无则留空）", "Tier (empty: none)"), ""),
        FormField::text(("阶次理由", "Reason for the tier"), ""),
    ]
}

/// Where the catalog item field is in forms that have one.
pub fn item_field(kind: &TaskKind) -> Option<usize> {
    match kind {
        TaskKind::Finding { .. } => Some(FINDING_ITEM),
        TaskKind::OpenCase { .. } | TaskKind::SpotDecision { .. } => Some(CASE_ITEM),
        _ => None,
    }
}

pub const FINDING_PLACE: usize = 1;
pub const FINDING_GRID: usize = 2;
pub const FINDING_ITEM: usize = 3;
pub const FINDING_DESCRIPTION: usize = 4;
pub const FINDING_ACTION: usize = 6;
/// Present only when re-inspections are due.
pub const FINDING_REINSPECTS: usize = 8;

/// The finding actions offered, in the order of [`super::parse`]'s reading.
pub const FINDING_ACTIONS: [&str; 7] =
    ["无问题", "劝导教育", "当场改正", "责令限期改正", "简易程序处罚", "立案", "移送"];

/// The finding form; when orders to correct wait for re-inspection, a last field offers them.
pub fn finding_form(patrol: i64, ctx: &Ctx) -> TaskState {
    let actions = FINDING_ACTIONS.iter().map(|s| s.to_string()).collect();
    let mut fields = vec![
        FormField::text(("时间（空=现在）", "Time (empty: now)"), ""),
        FormField::text(("地点", "Place"), ""),
        FormField::text(("网格", "Grid"), ""),
        FormField::text(("涉嫌事项（检索）", "Item (search)"), ""),
        FormField::text(("情况描述", "Description"), ""),
        FormField::text(("证据文件（;分隔）", "Evidence files (;)"), ""),
        FormField::choice(("处置", "Action"), actions),
        FormField::text(("改正期限", "Correct by"), ""),
    ];
    let offered: Vec<(i64, i64)> = ctx.reinspections.iter().map(|r| (r.patrol, r.seq)).collect();
    if !offered.is_empty() {
        let mut choices = vec![ctx.lang.pick("不是复查", "not a re-inspection").to_string()];
        choices.extend(
            ctx.reinspections.iter().map(|r| format!("{} {} {}", r.due, r.place, r.description)),
        );
        fields.push(FormField::choice(("复查（责令改正）", "Re-inspects"), choices));
    }
    TaskState::new(TaskKind::Finding { patrol, offered }, fields)
}

pub const CASE_SOURCE: usize = 0;
pub const CASE_PLACE: usize = 1;
pub const CASE_GRID: usize = 2;
pub const CASE_FACTS: usize = 3;
pub const CASE_ACT_ON: usize = 4;
pub const CASE_ITEM: usize = 5;
pub const CASE_PARTY_KIND: usize = 6;
pub const CASE_PARTY: usize = 7;
pub const CASE_ID_NUMBER: usize = 8;
pub const CASE_CONTACT: usize = 9;
/// First field after the common ones: the ordinary case's legal-review question, or the
/// on-the-spot decision's penalty fields.
pub const CASE_EXTRA: usize = 10;

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
    let mut sources: Vec<String> =
        CaseSource::ALL.iter().map(|s| s.label_zh().to_string()).collect();
    if let Some(first) = draft.source {
        sources.retain(|s| s != first.label_zh());
        sources.insert(0, first.label_zh().to_string());
    }
    let mut fields = vec![
        FormField::choice(("来源", "Source"), sources),
        FormField::text(("地点", "Place"), &draft.place),
        FormField::text(("网格", "Grid"), &draft.grid),
        FormField::text(("违法事实", "Facts"), &draft.facts),
        FormField::text(
            ("违法行为日期", "Date of the act"),
            &draft.act_on.unwrap_or(ctx.today).to_string(),
        ),
        FormField::text(("执法事项（检索）", "Item (search)"), &draft.item),
        FormField::choice(("当事人类型", "Party kind"), vec!["个人".into(), "单位".into()]),
        FormField::text(("当事人", "Party"), ""),
        FormField::text(("证件号/信用代码", "ID / credit code"), ""),
        FormField::text(("联系方式", "Contact"), ""),
    ];
    let kind = if simple {
        // The party kind is asked once, above.
        fields.extend(penalty_fields().into_iter().skip(1));
        fields.push(FormField::text(("同行执法人员证号", "Second officer's badge"), ""));
        TaskKind::SpotDecision { finding: draft.finding }
    } else {
        fields.push(FormField::choice(
            ("需法制审核", "Legal review"),
            vec!["否".into(), "是".into()],
        ));
        TaskKind::OpenCase { finding: draft.finding, ticket: draft.ticket }
    };
    TaskState::new(kind, fields)
}

pub const PLAN_TEAM: usize = 0;
pub const PLAN_KIND: usize = 1;
pub const PLAN_GRIDS: usize = 2;
pub const PLAN_ROUTE: usize = 3;
pub const PLAN_OFFICERS: usize = 4;
pub const PLAN_START: usize = 5;
pub const PLAN_END: usize = 6;

pub fn plan_form(ctx: &Ctx, ticket: Option<&Ticket>) -> TaskState {
    let team = ctx.officer.team.clone().unwrap_or_default();
    let day = ctx.today;
    let route = ticket.map(|t| t.incoming.place.clone()).unwrap_or_default();
    let fields = vec![
        FormField::text(("中队", "Team"), &team),
        FormField::choice(
            ("类型", "Kind"),
            PatrolKind::ALL.iter().map(|k| k.label_zh().to_string()).collect(),
        ),
        FormField::text(("网格（逗号分隔）", "Grids (comma)"), ""),
        FormField::text(("路线", "Route"), &route),
        FormField::text(("执法人员（逗号分隔）", "Officers (comma)"), ""),
        FormField::text(("计划开始", "Starts"), &format!("{day} 09:00")),
        FormField::text(("计划结束", "Ends"), &format!("{day} 11:30")),
    ];
    TaskState::new(TaskKind::PlanPatrol { ticket: ticket.map(|t| t.id) }, fields)
}

pub const TICKET_NUMBER: usize = 0;
pub const TICKET_CHANNEL: usize = 1;
pub const TICKET_PLACE: usize = 2;
pub const TICKET_CONTENT: usize = 3;
pub const TICKET_REPORTER: usize = 4;
pub const TICKET_PHONE: usize = 5;
pub const TICKET_ANONYMOUS: usize = 6;
/// Added once likely repeats are found.
pub const TICKET_REPEAT: usize = 7;

pub fn ticket_form() -> TaskState {
    let fields = vec![
        FormField::text(("工单编号（空则自动编号）", "Ticket no. (empty: numbered)"), ""),
        FormField::choice(
            ("渠道", "Channel"),
            Channel::ALL.iter().map(|c| c.label_zh().to_string()).collect(),
        ),
        FormField::text(("地点", "Place"), ""),
        FormField::text(("反映内容", "Content"), ""),
        FormField::text(("反映人", "Reporter"), ""),
        FormField::text(("联系电话", "Phone"), ""),
        FormField::choice(("要求保密", "Confidential"), vec!["否".into(), "是".into()]),
    ];
    TaskState::new(TaskKind::NewTicket, fields)
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
        MenuEntry::FinishPatrol(id) => {
            form(TaskKind::FinishPatrol(id), vec![FormField::text(("巡查小结", "Summary"), "")])
        }
        MenuEntry::Unavailable(..) => Outcome::Stay,
        MenuEntry::Step(case, kind) => match step_form(case, kind, ctx) {
            Some(form) => Outcome::Replace(Box::new(form)),
            None => match kind.build(&Values::default()) {
                Ok(step) => Outcome::Submit(Box::new(Command::TakeStep { case, step })),
                Err(_) => Outcome::Close,
            },
        },
        MenuEntry::AssignTicket(id) => {
            let teams = ctx.teams.iter().map(|t| format!("{} {}", t.code, t.name)).collect();
            form(TaskKind::AssignTicket(id), vec![FormField::choice(("中队", "Team"), teams)])
        }
        MenuEntry::ReplyTicket(id) => {
            form(TaskKind::ReplyTicket(id), vec![FormField::text(("答复内容", "Reply"), "")])
        }
        MenuEntry::Callback(id) => form(
            TaskKind::Callback(id),
            vec![
                FormField::choice(("回访结果", "Result"), vec!["满意".into(), "不满意".into()]),
                FormField::text(("说明", "Note"), ""),
            ],
        ),
        MenuEntry::TransferTicket(id) => form(
            TaskKind::TransferTicket(id),
            vec![
                FormField::text(("转往单位", "Transfer to"), ""),
                FormField::text(("理由", "Reason"), ""),
            ],
        ),
        MenuEntry::LinkTicket(id) => form(
            TaskKind::LinkTicket(id),
            vec![FormField::text(("重复于（列表所示编号或 #序号）", "Repeats (no. or #id)"), "")],
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

pub fn team_form() -> TaskState {
    let fields = vec![
        FormField::text(("中队编码", "Team code"), ""),
        FormField::text(("中队名称（如 青溪中队）", "Name (e.g. 青溪中队)"), ""),
        FormField::text(("所属大队编码（可空）", "Brigade code (optional)"), ""),
    ];
    TaskState::new(TaskKind::AddTeam, fields)
}

pub fn grid_form(app: &crate::tui::app::App) -> TaskState {
    let teams = app.teams.iter().map(|t| format!("{} {}", t.code, t.name)).collect();
    let fields = vec![
        FormField::text(("网格编码", "Grid code"), ""),
        FormField::text(("网格名称", "Name"), ""),
        FormField::choice(("所属中队", "Team"), teams),
        FormField::text(("路段", "Road segment"), ""),
        FormField::text(("标志地物", "Landmarks"), ""),
    ];
    TaskState::new(TaskKind::AddGrid, fields)
}
