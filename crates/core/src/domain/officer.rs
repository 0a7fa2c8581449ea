//! Officers, their roles, and the pure rules of who may do what.
//!
//! [`may`] is the one permission table: the store consults it inside every write transaction, the
//! UI may consult it to grey out what a role cannot do. [`check_password`] is the password/PIN
//! policy. Nothing here hashes, stores or prompts: that is `store` and `cli`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a person at the terminal is. A closed set: the schema's CHECK lists the same seven keys
/// (db/0011_head.sql).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    #[serde(rename = "执法人员")]
    Officer,
    #[serde(rename = "辅助人员")]
    Auxiliary,
    #[serde(rename = "中队长")]
    TeamLeader,
    /// 行政机关负责人: the bureau's responsible head, who reviews the investigation and decides
    /// (APL art. 57), and approves what the law reserves to the head (arts. 56, 60; 行政强制法
    /// arts. 18, 25).
    #[serde(rename = "负责人")]
    Head,
    #[serde(rename = "法制审核")]
    LegalReviewer,
    #[serde(rename = "管理员")]
    Admin,
    #[serde(rename = "审计")]
    Auditor,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Officer,
        Role::Auxiliary,
        Role::TeamLeader,
        Role::Head,
        Role::LegalReviewer,
        Role::Admin,
        Role::Auditor,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Officer => "执法人员",
            Role::Auxiliary => "辅助人员",
            Role::TeamLeader => "中队长",
            Role::Head => "负责人",
            Role::LegalReviewer => "法制审核",
            Role::Admin => "管理员",
            Role::Auditor => "审计",
        }
    }

    /// The role as an English reader calls it (the key is for typing and storing).
    pub fn label_en(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Auxiliary => "auxiliary",
            Role::TeamLeader => "team leader",
            Role::Head => "head",
            Role::LegalReviewer => "legal reviewer",
            Role::Admin => "admin",
            Role::Auditor => "auditor",
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        lang.pick(self.label_zh(), self.label_en())
    }

    /// The stable English key (stored in the database, accepted on the command line).
    pub fn key(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Auxiliary => "auxiliary",
            Role::TeamLeader => "team_leader",
            Role::Head => "head",
            Role::LegalReviewer => "legal_reviewer",
            Role::Admin => "admin",
            Role::Auditor => "auditor",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_zh())
    }
}

impl FromStr for Role {
    type Err = String;

    /// Accepts the Chinese labels (and the common longer forms) and the English keys.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let found = Role::ALL.into_iter().find(|r| r.label_zh() == t || r.key() == t);
        let found = found.or(match t {
            "协管" | "协管员" | "辅助执法人员" => Some(Role::Auxiliary),
            "法制审核人员" => Some(Role::LegalReviewer),
            "行政机关负责人" | "局长" | "分管领导" => Some(Role::Head),
            "目录管理员" => Some(Role::Admin),
            "审计人员" => Some(Role::Auditor),
            _ => None,
        });
        found.ok_or_else(|| {
            let keys: Vec<String> =
                Role::ALL.iter().map(|r| format!("{} ({})", r.label_zh(), r.key())).collect();
            format!("unknown role “{t}”; one of: {}", keys.join(", "))
        })
    }
}

/// The write operations that exist or are coming. Reading (the catalog, records) needs none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Operation {
    /// Load or activate a catalog version.
    ImportCatalog,
    /// Add officers, set anyone's password, deactivate.
    ManageOfficers,
    ManageTeams,
    /// Clear a lock after too many failed logins.
    UnlockOfficer,
    /// Record a patrol (who, where, when, what was seen).
    RecordPatrol,
    /// Record findings and evidence in a case (photos, statements, measurements).
    RecordFinding,
    /// Open, edit and file case records.
    EditCaseRecords,
    /// Decide a case after its investigation: the head's (APL art. 57).
    DecideCase,
    /// Decide on the spot under the simple procedure (APL arts. 51–52): the two officers there.
    DecideOnTheSpot,
    /// Approve filing and closing of cases.
    ApproveCase,
    /// Assign patrols and cases to officers.
    AssignWork,
    /// The mandatory legal review before certain decisions (art. 58).
    LegalReview,
    /// Load a year's working-day calendar (holidays and make-up days).
    ManageCalendar,
    /// Take in complaints and tickets (by hand or from a dispatch feed), reply, record callbacks.
    HandleTickets,
    /// Load the text of a law (a version by its effective date) that catalog items cite.
    LoadLaws,
}

impl Operation {
    pub const ALL: [Operation; 15] = [
        Operation::ImportCatalog,
        Operation::ManageOfficers,
        Operation::ManageTeams,
        Operation::UnlockOfficer,
        Operation::RecordPatrol,
        Operation::RecordFinding,
        Operation::EditCaseRecords,
        Operation::DecideCase,
        Operation::DecideOnTheSpot,
        Operation::ApproveCase,
        Operation::AssignWork,
        Operation::LegalReview,
        Operation::ManageCalendar,
        Operation::HandleTickets,
        Operation::LoadLaws,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Operation::ImportCatalog => "导入执法事项目录",
            Operation::ManageOfficers => "管理人员账号",
            Operation::ManageTeams => "管理中队",
            Operation::UnlockOfficer => "解锁账号",
            Operation::RecordPatrol => "记录巡查",
            Operation::RecordFinding => "记录调查取证",
            Operation::EditCaseRecords => "编辑案件记录",
            Operation::DecideCase => "作出处罚决定",
            Operation::DecideOnTheSpot => "当场作出处罚决定",
            Operation::ApproveCase => "审批立案与结案",
            Operation::AssignWork => "分派巡查与案件",
            Operation::LegalReview => "法制审核",
            Operation::ManageCalendar => "载入工作日安排",
            Operation::HandleTickets => "受理和答复投诉举报",
            Operation::LoadLaws => "载入法规文本",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Operation::ImportCatalog => "import a catalog",
            Operation::ManageOfficers => "manage officer accounts",
            Operation::ManageTeams => "manage teams",
            Operation::UnlockOfficer => "unlock an account",
            Operation::RecordPatrol => "record a patrol",
            Operation::RecordFinding => "record findings",
            Operation::EditCaseRecords => "edit case records",
            Operation::DecideCase => "decide a case",
            Operation::DecideOnTheSpot => "decide on the spot",
            Operation::ApproveCase => "approve filing and closing",
            Operation::AssignWork => "assign work",
            Operation::LegalReview => "carry out a legal review",
            Operation::ManageCalendar => "load a working-day calendar",
            Operation::HandleTickets => "take in and answer complaints",
            Operation::LoadLaws => "load law texts",
        }
    }
}

/// Whether `role` may perform `op`. The whole permission model is this one table:
/// - only the admin loads catalogs, calendars and law texts and manages officers and teams — and
///   an admin edits no case;
/// - team leaders and admins unlock accounts;
/// - auxiliary staff record (patrols, findings) but never decide, file or approve;
/// - only the head decides a case after investigation (APL art. 57); officers decide only on the
///   spot, under the simple procedure (arts. 51–52); which approvals the head keeps and which a
///   team leader may give is the case's authority table (`domain::case::authority`);
/// - the auditor reads and writes nothing.
pub fn may(role: Role, op: Operation) -> bool {
    use Operation as Op;
    match role {
        Role::Admin => {
            matches!(
                op,
                Op::ImportCatalog
                    | Op::ManageOfficers
                    | Op::ManageTeams
                    | Op::UnlockOfficer
                    | Op::ManageCalendar
                    | Op::LoadLaws
            )
        }
        Role::TeamLeader => matches!(
            op,
            Op::UnlockOfficer
                | Op::HandleTickets
                | Op::RecordPatrol
                | Op::RecordFinding
                | Op::EditCaseRecords
                | Op::DecideOnTheSpot
                | Op::ApproveCase
                | Op::AssignWork
        ),
        Role::Head => matches!(op, Op::DecideCase | Op::ApproveCase | Op::AssignWork),
        Role::Officer => matches!(
            op,
            Op::RecordPatrol
                | Op::RecordFinding
                | Op::EditCaseRecords
                | Op::DecideOnTheSpot
                | Op::HandleTickets
        ),
        Role::Auxiliary => matches!(op, Op::RecordPatrol | Op::RecordFinding | Op::HandleTickets),
        Role::LegalReviewer => matches!(op, Op::LegalReview),
        Role::Auditor => false,
    }
}

/// Whether `op` exercises enforcement powers, which only an officer holding a valid enforcement
/// certificate (执法证) may do (APL art. 42: 行政处罚应当由具有行政执法资格的执法人员实施). An
/// officer or team leader whose certificate has expired keeps the rest of their role: patrols,
/// findings, tickets, approvals and assignments, as auxiliary staff assist without deciding.
pub fn needs_certificate(op: Operation) -> bool {
    matches!(op, Operation::EditCaseRecords | Operation::DecideCase | Operation::DecideOnTheSpot)
}

/// Whether `officer` may perform `op` on `day`: the role allows it ([`may`]) and, for an
/// operation that [`needs_certificate`], the certificate is valid that day.
pub fn may_act(officer: &Officer, op: Operation, day: NaiveDate) -> bool {
    may(officer.role, op) && (!needs_certificate(op) || officer.certified_on(day))
}

/// An officer account as everyone may see it: never the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Officer {
    /// 执法证号 (or a staff number for those without a certificate): the login name.
    pub badge: String,
    pub name: String,
    pub role: Role,
    pub team: Option<String>,
    /// Expiry date of the enforcement certificate (执法证), when the officer holds one.
    pub cert_expiry: Option<NaiveDate>,
    pub active: bool,
    pub locked: bool,
    pub failed_attempts: u32,
}

impl Officer {
    /// Whether the officer holds an enforcement certificate valid on `day` (the expiry day
    /// included).
    pub fn certified_on(&self, day: NaiveDate) -> bool {
        self.cert_expiry.is_some_and(|expiry| expiry >= day)
    }
}

/// A street team (中队) of the bureau.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Team {
    pub code: String,
    pub name: String,
    /// The brigade (大队) it belongs to, if the bureau has brigades.
    pub brigade: Option<String>,
}

/// A brigade (大队): a level between the bureau and its street teams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Brigade {
    pub code: String,
    pub name: String,
}

/// A new account, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOfficer {
    pub badge: String,
    pub name: String,
    pub role: Role,
    pub team: Option<String>,
    pub cert_expiry: Option<NaiveDate>,
}

/// Consecutive failed logins that lock an account until a team leader or an admin unlocks it.
pub const MAX_FAILED_ATTEMPTS: u32 = 5;

pub const MIN_PIN_DIGITS: usize = 6;
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Bounds the hashing work one login can ask for.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Why a password or PIN is refused. Messages never repeat the password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordPolicyError {
    #[error("a PIN needs at least {MIN_PIN_DIGITS} digits")]
    PinTooShort,
    #[error("a password needs at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    #[error(
        "an admin needs a password of at least {MIN_PASSWORD_CHARS} characters that is not only \
         digits (a PIN is not enough)"
    )]
    AdminNeedsPassword,
    #[error(
        "an account handed down through the centre needs a password of at least \
         {MIN_PASSWORD_CHARS} characters that is not only digits: its verifier reaches the \
         station through the centre, and a PIN can be guessed from it offline (the officer may \
         set a PIN at their station afterwards)"
    )]
    PinThroughCentre,
    #[error("a password may have at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    #[error("a password may not start or end with spaces, nor contain control characters")]
    BadCharacters,
}

impl PasswordPolicyError {
    pub fn message_zh(&self) -> String {
        match self {
            Self::PinTooShort => format!("PIN 码至少需要 {MIN_PIN_DIGITS} 位数字"),
            Self::PasswordTooShort => format!("密码至少需要 {MIN_PASSWORD_CHARS} 个字符"),
            Self::AdminNeedsPassword => format!(
                "管理员须使用至少 {MIN_PASSWORD_CHARS} 个字符且不全是数字的密码（不能使用 PIN 码）"
            ),
            Self::PinThroughCentre => format!(
                "经中心下发的账户须使用至少 {MIN_PASSWORD_CHARS} 个字符且不全是数字的密码：其校验值经中心\
                 传到站点，PIN 码可被离线猜出（本人可在站点改用 PIN 码）"
            ),
            Self::TooLong => format!("密码最多 {MAX_PASSWORD_CHARS} 个字符"),
            Self::BadCharacters => "密码首尾不能有空格，也不能含控制字符".to_string(),
        }
    }
}

/// The password/PIN policy: officers use a PIN of at least 6 digits or a password of at least 8
/// characters; admins a password of at least 8 characters that is not only digits.
pub fn check_password(role: Role, password: &str) -> Result<(), PasswordPolicyError> {
    let chars = password.chars().count();
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordPolicyError::TooLong);
    }
    if password.trim() != password || password.chars().any(char::is_control) {
        return Err(PasswordPolicyError::BadCharacters);
    }
    let all_digits = !password.is_empty() && password.chars().all(|c| c.is_ascii_digit());
    match (role, all_digits) {
        (Role::Admin, true) => Err(PasswordPolicyError::AdminNeedsPassword),
        (_, true) if chars < MIN_PIN_DIGITS => Err(PasswordPolicyError::PinTooShort),
        (_, true) => Ok(()),
        (_, false) if chars < MIN_PASSWORD_CHARS => Err(PasswordPolicyError::PasswordTooShort),
        (_, false) => Ok(()),
    }
}

/// The policy for a password handed down through the centre (`central officer add|password`):
/// the role's, and never a PIN. Its verifier travels through the centre to the station, where
/// whoever can read it may guess offline, and a PIN's million candidates take hours at most. A
/// PIN the officer sets at their station afterwards never leaves it (no event carries a
/// verifier).
pub fn check_handed_down_password(role: Role, password: &str) -> Result<(), PasswordPolicyError> {
    check_password(role, password)?;
    if password.chars().all(|c| c.is_ascii_digit()) {
        return Err(PasswordPolicyError::PinThroughCentre);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Operation as Op;

    /// The roles allowed each operation; every (role, operation) pair not listed is refused.
    const ALLOWED: [(Operation, &[Role]); 15] = [
        (Op::ImportCatalog, &[Role::Admin]),
        (Op::ManageOfficers, &[Role::Admin]),
        (Op::ManageTeams, &[Role::Admin]),
        (Op::UnlockOfficer, &[Role::TeamLeader, Role::Admin]),
        (Op::RecordPatrol, &[Role::Officer, Role::Auxiliary, Role::TeamLeader]),
        (Op::RecordFinding, &[Role::Officer, Role::Auxiliary, Role::TeamLeader]),
        (Op::EditCaseRecords, &[Role::Officer, Role::TeamLeader]),
        // APL art. 57: the head decides after investigation; arts. 51–52: officers on the spot.
        (Op::DecideCase, &[Role::Head]),
        (Op::DecideOnTheSpot, &[Role::Officer, Role::TeamLeader]),
        (Op::ApproveCase, &[Role::TeamLeader, Role::Head]),
        (Op::AssignWork, &[Role::TeamLeader, Role::Head]),
        (Op::LegalReview, &[Role::LegalReviewer]),
        (Op::ManageCalendar, &[Role::Admin]),
        (Op::HandleTickets, &[Role::Officer, Role::Auxiliary, Role::TeamLeader]),
        (Op::LoadLaws, &[Role::Admin]),
    ];

    #[test]
    fn may_matches_the_table_for_every_role_and_operation() {
        assert_eq!(ALLOWED.len(), Operation::ALL.len(), "every operation has a row");
        for op in Operation::ALL {
            let allowed = ALLOWED.iter().find(|(o, _)| *o == op).map(|(_, r)| *r);
            let allowed = allowed.unwrap_or_else(|| panic!("{op:?} missing from the table"));
            for role in Role::ALL {
                assert_eq!(may(role, op), allowed.contains(&role), "{role:?} × {op:?}");
            }
        }
    }

    #[test]
    fn auditor_writes_nothing_and_admin_edits_no_case() {
        assert!(Operation::ALL.iter().all(|&op| !may(Role::Auditor, op)));
        assert!(!may(Role::Admin, Op::EditCaseRecords));
        assert!(!may(Role::Auxiliary, Op::DecideCase));
    }

    #[test]
    fn roles_parse_from_chinese_and_english_and_display_in_chinese() {
        for role in Role::ALL {
            assert_eq!(role.label_zh().parse::<Role>(), Ok(role));
            assert_eq!(role.key().parse::<Role>(), Ok(role));
            assert_eq!(role.to_string(), role.label_zh());
            let json = serde_json::to_string(&role).expect("json");
            assert_eq!(json, format!("\"{}\"", role.label_zh()));
        }
        assert_eq!("协管".parse::<Role>(), Ok(Role::Auxiliary));
        assert!("boss".parse::<Role>().is_err());
    }

    #[test]
    fn an_expired_certificate_keeps_the_role_but_not_the_enforcement_powers() {
        let day = |s: &str| s.parse::<NaiveDate>().expect("date");
        let officer = |role, cert_expiry| Officer {
            badge: "B".into(),
            name: "N".into(),
            role,
            team: None,
            cert_expiry,
            active: true,
            locked: false,
            failed_attempts: 0,
        };
        let today = day("2026-11-24");
        for role in Role::ALL {
            for op in Operation::ALL {
                let valid = officer(role, Some(today));
                assert_eq!(may_act(&valid, op, today), may(role, op), "{role:?} {op:?}");
                let expired = officer(role, Some(day("2026-11-23")));
                let none = officer(role, None);
                let expected = may(role, op) && !needs_certificate(op);
                assert_eq!(may_act(&expired, op, today), expected, "{role:?} {op:?} expired");
                assert_eq!(may_act(&none, op, today), expected, "{role:?} {op:?} none");
            }
        }
        // An officer without a valid certificate may do exactly what auxiliary staff may.
        let expired = officer(Role::Officer, Some(day("2026-01-01")));
        for op in Operation::ALL {
            assert_eq!(may_act(&expired, op, today), may(Role::Auxiliary, op), "{op:?}");
        }
    }

    fn check(role: Role, password: &str, expected: Result<(), PasswordPolicyError>) {
        assert_eq!(check_password(role, password), expected, "{role:?} {password:?}");
    }

    #[test]
    fn password_policy() {
        use PasswordPolicyError as E;
        check(Role::Officer, "123456", Ok(()));
        check(Role::Officer, "12345", Err(E::PinTooShort));
        check(Role::Officer, "abc12", Err(E::PasswordTooShort));
        check(Role::Officer, "街道巡查2026年", Ok(()));
        check(Role::Auxiliary, "654321", Ok(()));
        check(Role::Admin, "12345678", Err(E::AdminNeedsPassword));
        check(Role::Admin, "1234567", Err(E::AdminNeedsPassword));
        check(Role::Admin, "abcdefg", Err(E::PasswordTooShort));
        check(Role::Admin, "qingjiang-admin", Ok(()));
        check(Role::Admin, " qingjiang-admin", Err(E::BadCharacters));
        check(Role::Officer, "12345\n6", Err(E::BadCharacters));
        check(Role::Officer, &"x".repeat(129), Err(E::TooLong));
        check(Role::Officer, "", Err(E::PasswordTooShort));
    }

    #[test]
    fn a_password_handed_down_through_the_centre_is_never_a_pin() {
        use PasswordPolicyError as E;
        let handed = check_handed_down_password;
        assert_eq!(handed(Role::Officer, "123456"), Err(E::PinThroughCentre));
        assert_eq!(handed(Role::Auxiliary, "12345678901"), Err(E::PinThroughCentre));
        assert_eq!(handed(Role::Officer, "12345"), Err(E::PinTooShort), "the role's rule first");
        assert_eq!(handed(Role::Admin, "12345678"), Err(E::AdminNeedsPassword));
        assert_eq!(handed(Role::Officer, "qx-2026-first"), Ok(()));
        assert_eq!(handed(Role::Officer, "abc12"), Err(E::PasswordTooShort));
        assert!(E::PinThroughCentre.message_zh().contains("PIN 码可被离线猜出"));
    }
}
