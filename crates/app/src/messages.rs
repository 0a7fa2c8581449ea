//! What core errors say to a person, in their language: one text per refusal, shared by the
//! command line and the terminal interface so both explain a refusal the same way.
//!
//! English texts are the errors' own `Display`; Chinese texts are written here. An error with no
//! Chinese text yet falls back to its English one rather than to nothing. Messages quote what was
//! typed or imported (a badge, a party's number, a grid code), so what they return is shown safe
//! (`text::safe_text`): a control character in a quoted value arrives as its picture.

use zhifa_core::domain::officer::PasswordPolicyError;
use zhifa_core::i18n::Lang;
use zhifa_core::text::safe_text;
use zhifa_store::{AccessError, AuthError, StoreError, BUSY_TIMEOUT};

/// A store error as the user should read it.
pub fn store_error(error: &StoreError, lang: Lang) -> String {
    let text = match lang {
        Lang::Zh => store_error_zh(error).unwrap_or_else(|| error.to_string()),
        Lang::En => error.to_string(),
    };
    safe_text(&text).into_owned()
}

/// A failed login as the user should read it.
pub fn auth_error(error: &AuthError, lang: Lang) -> String {
    let text = match (error, lang) {
        (AuthError::Store(e), _) => store_error(e, lang),
        (_, Lang::En) => error.to_string(),
        (_, Lang::Zh) => auth_error_zh(error).unwrap_or_else(|| error.to_string()),
    };
    safe_text(&text).into_owned()
}

/// A password asked again to confirm a write (a catalog import), refused: nothing was written.
pub fn confirm_error(error: &AuthError, lang: Lang) -> String {
    let text = match (error, lang) {
        (AuthError::Store(e), _) => store_error(e, lang),
        (_, Lang::En) => format!("nothing written: {error}"),
        (_, Lang::Zh) => {
            let said = auth_error_zh(error).unwrap_or_else(|| error.to_string());
            let said = said.strip_prefix("登录失败：").unwrap_or(&said).to_string();
            format!("密码确认未通过，未写入任何内容：{said}")
        }
    };
    safe_text(&text).into_owned()
}

/// The Chinese text of a store error, where one is written.
pub fn store_error_zh(error: &StoreError) -> Option<String> {
    Some(match error {
        StoreError::Access(access) => access_zh(access),
        StoreError::PasswordPolicy(policy) => policy_zh(policy),
        StoreError::DuplicateBadge(b) => format!("执法证号 {b} 已存在"),
        StoreError::HandedDown(b) => format!(
            "{b} 的账户由中心下发：其角色、中队和密码由市局管理（`zhifa central officer …`）；\
             本站只能停用该账户，本人可以修改自己的密码"
        ),
        StoreError::StationSet(c) => format!("本数据库已属于站点“{c}”：站点编码只能设定一次"),
        StoreError::NoSuchOfficer(b) => format!("没有执法证号为 {b} 的人员"),
        StoreError::DuplicateTeam(c) => format!("中队编码 {c} 已存在"),
        StoreError::DuplicateBrigade(c) => format!("大队编码 {c} 已存在"),
        StoreError::NoSuchBrigade(c) => {
            format!("没有编码为 {c} 的大队：请先用 `zhifa brigade add 编码 名称` 添加")
        }
        StoreError::DuplicateGrid(c) => format!("网格编码 {c} 已存在"),
        StoreError::NoSuchTicket(id) => format!("没有编号为 {id} 的投诉举报"),
        StoreError::Case(refusal) => refusal.message_zh(),
        StoreError::Patrol(refusal) => refusal.message_zh(),
        StoreError::Ticket(refusal) => refusal.message_zh(),
        StoreError::NoSuchTeam(c) => {
            format!("没有编码为 {c} 的中队：请先用 `zhifa team add 编码 名称` 添加")
        }
        StoreError::Busy => format!(
            "数据库正忙：另一终端已连续写入 {} 秒，本次没有写入任何内容，请稍后重试",
            BUSY_TIMEOUT.as_secs()
        ),
        StoreError::NotAFile { path, what } => format!(
            "{} 是{}，不是数据库文件：未作任何改动即拒绝（--db 请指向普通文件）",
            path.display(),
            match *what {
                "a device" => "设备文件",
                "a FIFO (named pipe)" => "命名管道（FIFO）",
                "a socket" => "套接字",
                "a folder" => "文件夹",
                _ => "非普通文件",
            }
        ),
        StoreError::NoDatabase(path) => {
            format!("{} 处没有数据库：只有记录内容的命令才会新建数据库", path.display())
        }
        StoreError::NotZhifa { path, reason } => {
            format!(
                "{} 不是 zhifa 数据库（{}）：其中没有任何改动",
                path.display(),
                reason.label_zh()
            )
        }
        StoreError::OlderSchema { path, found, known } => format!(
            "数据库 {} 的表结构版本为 {found}，低于本程序的 {known}：验证只读，不在此升级；\
             请先用 `zhifa restore` 恢复到新文件（在那里升级），再验证新文件",
            path.display()
        ),
        StoreError::LastAdmin(b) => {
            format!("{b} 是最后一个在用的管理员：请先添加另一名管理员再停用")
        }
        StoreError::DiskFull => "磁盘已满（或达到文件大小上限）：本次没有写入任何内容，\
            数据库保持原样；请腾出空间后重试"
            .to_string(),
        StoreError::WriteFailed(why) => format!(
            "磁盘拒绝写入（{why}）：磁盘可能已满、达到文件大小上限或出现故障；\
             本次没有写入任何内容，数据库保持原样"
        ),
        StoreError::DuplicateLabel(label) => {
            format!("已有名为“{label}”的目录版本：请用 --label 换一个名称")
        }
        StoreError::EffectiveDate(e) => e.message_zh(),
        StoreError::NoSuchVersion(label) => format!("没有名为“{label}”的目录版本"),
        StoreError::NoCatalog => {
            "数据库中还没有目录版本：请先用 `zhifa catalog import 文件` 导入".to_string()
        }
        StoreError::NothingInForce(day) => format!(
            "{day} 没有生效的目录版本（最早的版本晚于该日生效）：用 --version 名称 查看待生效的版本"
        ),
        StoreError::Corrupt(why) => format!("存储的数据已损坏：{why}"),
        StoreError::Law(e) => e.message_zh(),
        StoreError::Document(why) => format!("文书无法生成：{why}"),
        _ => return None,
    })
}

/// The Chinese text of a failed login (store failures excepted).
pub fn auth_error_zh(error: &AuthError) -> Option<String> {
    Some(match error {
        AuthError::UnknownBadge => "登录失败：没有这个执法证号的人员，请核对".to_string(),
        AuthError::WrongPassword { badge, remaining } => {
            format!("登录失败：{badge} 的密码错误，再错 {remaining} 次账号将被锁定")
        }
        AuthError::Locked(b) => {
            format!("登录失败：账号 {b} 因连续输错密码已被锁定，请中队长或管理员解锁")
        }
        AuthError::Inactive(b) => format!("登录失败：账号 {b} 已停用"),
        AuthError::Store(_) => return None,
    })
}

fn access_zh(error: &AccessError) -> String {
    match error {
        AccessError::AdminExists => {
            "已有管理员账号：请以管理员身份操作（--as 执法证号，并提供密码）".to_string()
        }
        AccessError::NotAllowed { who, role, op } => {
            format!("权限不足：{who}（{role}）不能{}", op.label_zh())
        }
        AccessError::NotForBootstrap { op } => {
            format!("尚未登录账号时只能进行管理员的初始设置，不能{}", op.label_zh())
        }
        AccessError::AccountUnusable(b) => format!("账号 {b} 已停用或被锁定：请重新登录"),
        AccessError::AccountDisagrees(b) => format!(
            "账号 {b} 的记录与建立、修改它的事件不符（被绕过日志改动）：不能以该账号记录任何内容，请报告管理员并运行 zhifa verify"
        ),
        AccessError::NotCertified { who, expiry, day, op } => {
            let held = expiry.map_or_else(|| "无执法证记录".to_string(), |d| format!("{d} 已到期"));
            format!("{who} 在 {day} 没有有效的执法证（{held}）：持证执法人员才能{}", op.label_zh())
        }
    }
}

/// A password refused by the policy.
pub fn policy_error(error: &PasswordPolicyError, lang: Lang) -> String {
    let text = match lang {
        Lang::Zh => policy_zh(error),
        Lang::En => format!("password refused: {error}"),
    };
    safe_text(&text).into_owned()
}

fn policy_zh(error: &PasswordPolicyError) -> String {
    format!("密码不符合要求：{}", error.message_zh())
}

/// One problem `zhifa verify` (or the start-up check) found, as a person should read it.
pub fn verify_problem(problem: &zhifa_store::Problem, lang: Lang) -> String {
    use zhifa_store::Problem as P;
    use zhifa_store::SchemaDetail;
    let zh = lang == Lang::Zh;
    match problem {
        P::Integrity { detail } if zh => format!("数据库文件损坏（SQLite 完整性检查）：{detail}"),
        P::Integrity { detail } => format!("the database file is damaged (SQLite integrity check): {detail}"),
        P::EventsMissing { expected, found } if zh => {
            format!("事件记录缺失：第 {expected} 号之后直接是第 {found} 号，中间的事件被删除")
        }
        P::EventsMissing { expected, found } => {
            format!("events are missing: event {found} follows where {expected} should be; the ones between were deleted")
        }
        P::ChainRelinked { seq } if zh => {
            format!("第 {seq} 号事件与前一事件的哈希不相接：之前的事件被改动、删除或调换了顺序")
        }
        P::ChainRelinked { seq } => format!(
            "event {seq} does not link to the one before it: an earlier event was changed, removed or reordered"
        ),
        P::EventEdited { seq } if zh => format!("第 {seq} 号事件的内容与其哈希不符：该事件被改动"),
        P::EventEdited { seq } => format!("event {seq} no longer matches its hash: it was edited"),
        P::HeadNotInChain { head } if zh => format!(
            "早先记录的链头 {head} 不在当前的事件链中：记录被整体重写，或这不是同一个数据库"
        ),
        P::HeadNotInChain { head } => format!(
            "the head {head} recorded earlier is not in the chain: the records were rewritten, or this is another database"
        ),
        P::HeadMalformed { head } if zh => format!(
            "给出的链头 “{}” 格式不对：链头是 64 位十六进制字符（zhifa verify 打印的那一串）",
            zhifa_core::text::truncate(head, 70)
        ),
        P::HeadMalformed { head } => format!(
            "the head “{}” is malformed: a head is 64 hexadecimal characters (as zhifa verify prints it)",
            zhifa_core::text::truncate(head, 70)
        ),
        P::SchemaDiffers { object, detail } if zh => format!(
            "数据库结构 {object} {}：保护记录的结构被改动",
            match detail {
                SchemaDetail::Missing => "被删除（迁移脚本创建了它）",
                SchemaDetail::Changed => "的定义与迁移脚本不同",
                SchemaDetail::Unknown => "不是迁移脚本创建的",
            }
        ),
        P::SchemaDiffers { object, detail } => format!(
            "schema {object} {}: the structure that protects the records was altered",
            match detail {
                SchemaDetail::Missing => "is missing (the migrations create it)",
                SchemaDetail::Changed => "differs from the migrations' definition",
                SchemaDetail::Unknown => "was not made by any migration",
            }
        ),
        P::NotSigned { seq, actor } if zh => format!(
            "第 {seq} 号事件记在 {actor} 名下，却没有 {actor} 的签名：是他人以其名义写入的"
        ),
        P::NotSigned { seq, actor } => format!(
            "event {seq} is attributed to {actor}, who did not sign it: someone else wrote it in their name"
        ),
        P::BadEvent { seq, kind, detail } if zh => format!("第 {seq} 号事件（{kind}）无法重放：{detail}"),
        P::BadEvent { seq, kind, detail } => format!("event {seq} ({kind}) cannot be replayed: {detail}"),
        P::RowMissing { table, key, event } if zh => {
            format!("表 {table} 缺少第 {event} 号事件写入的记录（{key}）")
        }
        P::RowMissing { table, key, event } => {
            format!("table {table} lacks the row event {event} wrote ({key})")
        }
        P::RowDiffers { table, key, column, expected, found } if zh => format!(
            "表 {table} 的记录 {key} 的 {column} 与事件记录不符：应为 {expected}，实为 {found}（被改动）"
        ),
        P::RowDiffers { table, key, column, expected, found } => format!(
            "table {table}, row {key}: {column} differs from what the events say: {expected} expected, {found} found (altered)"
        ),
        P::RowCount { table, expected, found } if zh => {
            format!("表 {table} 有 {found} 条记录，事件只写入了 {expected} 条：有记录未经事件增删")
        }
        P::RowCount { table, expected, found } => format!(
            "table {table} holds {found} rows where the events wrote {expected}: rows were added or removed without an event"
        ),
        P::StepDoesNotFollow { case, event, detail } if zh => {
            format!("案件 {case} 的第 {event} 号事件所记步骤不符合程序：{detail}")
        }
        P::StepDoesNotFollow { case, event, detail } => {
            format!("case {case}: the step of event {event} does not follow from the case before it: {detail}")
        }
    }
}

/// The start-up check's finding, as the status of the whole station: `None` when it passed.
pub fn records_alarm(check: &zhifa_store::QuickCheck, lang: Lang) -> Option<String> {
    let problem = verify_problem(check.problems.first()?, lang);
    Some(match lang {
        Lang::Zh => format!("⚠ 记录核验未通过：{problem}。请立即报告管理员并运行 zhifa verify"),
        Lang::En => format!(
            "⚠ the records do not verify: {problem}. Report it to the admin now and run zhifa verify"
        ),
    })
}

#[cfg(test)]
mod confirm_tests {
    use super::*;

    #[test]
    fn a_wrong_password_at_a_confirmation_says_nothing_was_written_not_a_failed_login() {
        let wrong = AuthError::WrongPassword { badge: "QJ0001".into(), remaining: 3 };
        let zh = confirm_error(&wrong, Lang::Zh);
        assert!(zh.starts_with("密码确认未通过，未写入任何内容：QJ0001 的密码错误"), "{zh}");
        assert!(!zh.contains("登录失败"), "{zh}");
        assert!(confirm_error(&wrong, Lang::En).starts_with("nothing written: "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhifa_core::domain::case_file::IdNumberProblem;
    use zhifa_store::CaseRefusal;

    #[test]
    fn a_busy_database_is_explained_in_chinese_with_the_wait() {
        let message = store_error(&StoreError::Busy, Lang::Zh);
        assert!(message.starts_with("数据库正忙"), "{message}");
        assert!(message.contains(&format!("{} 秒", BUSY_TIMEOUT.as_secs())), "{message}");
    }

    #[test]
    fn quoted_input_reaches_the_reader_without_controls() {
        // A party's name, typed with escapes, quoted in the refusal of their ID number.
        let typed = "\x1b]0;pwned\x07\u{202e}张三";
        let refusal = CaseRefusal::IdNumber(typed.into(), IdNumberProblem::PersonShape(6));
        for lang in [Lang::Zh, Lang::En] {
            let message = store_error(&StoreError::Case(refusal.clone()), lang);
            assert!(message.contains("␛]0;pwned␇\u{fffd}张三"), "{message}");
            assert!(!message.chars().any(zhifa_core::text::is_terminal_control), "{message:?}");
        }
    }
}
