//! Who may take which step of a case: one table. The law fixes some of it — only the head
//! (行政机关负责人) decides after an investigation and leads a collective discussion (APL art.
//! 57), only a legal reviewer reviews (art. 58), the two officers on the spot decide under the
//! simple procedure (arts. 51–52) — and leaves the rest to local rules: whether a team leader may
//! approve a filing or a closing, say. Those are the `[casework]` settings ([`Authority`]); the
//! default gives every approval to the head.

use super::Step;
use crate::domain::officer::{Operation, Role};
use serde::Deserialize;

/// The kinds of act a step is, each with the roles that may perform it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Act {
    /// Record what happened: filing asked, investigators, proposal, notice, statements, service.
    Record,
    /// Approve or refuse filing (立案审批).
    Filing,
    /// Decide after investigation, and the collective discussion before it (art. 57).
    Decision,
    /// Decide on the spot (simple procedure, arts. 51–52).
    SpotDecision,
    /// Legal review (art. 58).
    Review,
    /// Suspend or extend the decision period (art. 60).
    Period,
    /// Preserve evidence, seal up or seize, extend a seizure (art. 56; 行政强制法 arts. 18, 25).
    Coercion,
    /// Defer payment or allow instalments (art. 66).
    Deferral,
    /// Apply to the court for enforcement (行政强制法 art. 53).
    Enforcement,
    /// Approve closing (结案审批).
    Closing,
    /// Withdraw the case or transfer it to another authority.
    Ending,
}

impl Act {
    pub const ALL: [Act; 11] = [
        Act::Record,
        Act::Filing,
        Act::Decision,
        Act::SpotDecision,
        Act::Review,
        Act::Period,
        Act::Coercion,
        Act::Deferral,
        Act::Enforcement,
        Act::Closing,
        Act::Ending,
    ];

    /// The `[casework.approvers]` key of an act local rules may assign, if it is one.
    pub fn setting(self) -> Option<&'static str> {
        match self {
            Act::Filing => Some("filing"),
            Act::Period => Some("period"),
            Act::Coercion => Some("coercion"),
            Act::Deferral => Some("deferral"),
            Act::Enforcement => Some("enforcement"),
            Act::Closing => Some("closing"),
            Act::Ending => Some("ending"),
            Act::Record | Act::Decision | Act::SpotDecision | Act::Review => None,
        }
    }

    /// The article that reserves the act, as refusals cite it.
    pub fn basis(self) -> &'static str {
        match self {
            Act::Record => "《行政处罚法》第四十二条",
            Act::Filing => "《行政处罚法》第五十四条",
            Act::Decision => "《行政处罚法》第五十七条",
            Act::SpotDecision => "《行政处罚法》第五十一条、第五十二条",
            Act::Review => "《行政处罚法》第五十八条",
            Act::Period => "《行政处罚法》第六十条",
            Act::Coercion => "《行政处罚法》第五十六条，《行政强制法》第十八条、第二十五条",
            Act::Deferral => "《行政处罚法》第六十六条",
            Act::Enforcement => "《行政强制法》第五十三条",
            Act::Closing => "结案审批（地方规定）",
            Act::Ending => "《行政处罚法》第五十七条",
        }
    }

    /// The permission-table operation the act needs (checked with the certificate by the store).
    pub fn operation(self) -> Operation {
        match self {
            Act::Record => Operation::EditCaseRecords,
            Act::Decision => Operation::DecideCase,
            Act::SpotDecision => Operation::DecideOnTheSpot,
            Act::Review => Operation::LegalReview,
            _ => Operation::ApproveCase,
        }
    }
}

/// The act a step is.
pub fn act(step: &Step) -> Act {
    match step {
        Step::ApproveFiling { .. } | Step::RejectFiling { .. } => Act::Filing,
        Step::Decide { .. } | Step::CollectiveDiscussion { .. } => Act::Decision,
        Step::DecideOnTheSpot { .. } => Act::SpotDecision,
        Step::PassLegalReview { .. } | Step::FailLegalReview { .. } => Act::Review,
        Step::AdjustDecisionLimit(_) => Act::Period,
        Step::PreserveEvidence { .. } | Step::Seize { .. } | Step::ExtendSeizure(_) => {
            Act::Coercion
        }
        Step::DeferPayment { .. } => Act::Deferral,
        Step::ApplyCourtEnforcement { .. } => Act::Enforcement,
        Step::ApproveClosing { .. } => Act::Closing,
        Step::Withdraw { .. } | Step::Transfer { .. } => Act::Ending,
        _ => Act::Record,
    }
}

/// The roles local rules allow for the approvals the law leaves to them (`[casework.approvers]`),
/// each a list of role keys. Missing: the head alone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Authority {
    #[serde(deserialize_with = "role_keys")]
    pub filing: Vec<Role>,
    #[serde(deserialize_with = "role_keys")]
    pub period: Vec<Role>,
    #[serde(deserialize_with = "role_keys")]
    pub coercion: Vec<Role>,
    #[serde(deserialize_with = "role_keys")]
    pub deferral: Vec<Role>,
    #[serde(deserialize_with = "role_keys")]
    pub enforcement: Vec<Role>,
    #[serde(deserialize_with = "role_keys")]
    pub closing: Vec<Role>,
    #[serde(deserialize_with = "role_keys")]
    pub ending: Vec<Role>,
}

/// Roles as a configuration names them: keys (`head`) or Chinese labels (`负责人`).
fn role_keys<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Role>, D::Error> {
    let names = Vec::<String>::deserialize(d)?;
    names.iter().map(|n| n.parse::<Role>().map_err(serde::de::Error::custom)).collect()
}

impl Default for Authority {
    fn default() -> Self {
        let head = || vec![Role::Head];
        Authority {
            filing: head(),
            period: head(),
            coercion: head(),
            deferral: head(),
            enforcement: head(),
            closing: head(),
            ending: head(),
        }
    }
}

/// Roles that may be given an approval by local rules: those whose permission table allows
/// approving at all.
pub const MAY_APPROVE: [Role; 2] = [Role::Head, Role::TeamLeader];

impl Authority {
    /// Every role any local setting could allow: what the replay of an old log accepts, since
    /// the settings in force when a step was taken are not in the log.
    pub fn widest() -> Authority {
        let all = || MAY_APPROVE.to_vec();
        Authority {
            filing: all(),
            period: all(),
            coercion: all(),
            deferral: all(),
            enforcement: all(),
            closing: all(),
            ending: all(),
        }
    }

    /// The roles that may perform `act`.
    pub fn roles(&self, act: Act) -> Vec<Role> {
        match act {
            Act::Record => vec![Role::Officer, Role::TeamLeader],
            Act::Decision => vec![Role::Head],
            Act::SpotDecision => vec![Role::Officer, Role::TeamLeader],
            Act::Review => vec![Role::LegalReviewer],
            Act::Filing => self.filing.clone(),
            Act::Period => self.period.clone(),
            Act::Coercion => self.coercion.clone(),
            Act::Deferral => self.deferral.clone(),
            Act::Enforcement => self.enforcement.clone(),
            Act::Closing => self.closing.clone(),
            Act::Ending => self.ending.clone(),
        }
    }

    /// A setting that names a role the permission table does not let approve (an officer
    /// approving their own filing, say) is refused when the configuration is read.
    pub fn check(&self) -> Result<(), String> {
        for act in Act::ALL {
            let (Some(key), roles) = (act.setting(), self.roles(act)) else { continue };
            if roles.is_empty() {
                return Err(format!("[casework.approvers] {key}: name at least one role"));
            }
            if let Some(role) = roles.iter().find(|r| !MAY_APPROVE.contains(r)) {
                return Err(format!(
                    "[casework.approvers] {key}: {} may not approve; one of head, team_leader",
                    role.key()
                ));
            }
        }
        Ok(())
    }
}
