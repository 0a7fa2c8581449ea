//! The accounts handed down through the centre: `zhifa central officer add|password|deactivate|
//! list` (a city admin publishes an account for one station, resets its password, deactivates
//! it) and, in `zhifa sync`, the station taking them in (docs/CENTRAL.md, "Accounts handed
//! down"). The first password is read as `zhifa officer add` reads it, checked against the same
//! policy for the role; only its Argon2id verifier and public key leave this process.

use super::publisher::{needs_admin, publisher, Noun, Publisher};
use crate::central::{AccountPublication, AccountPublished, Centre, NewAccount};
use crate::cli::auth::{explain, Passwords};
use crate::cli::catalog::import::EXIT_INVALID;
use crate::cli::catalog::parse_date;
use crate::cli::context::Context;
use crate::cli::out::{errln, out, outln};
use crate::cli::table;
use crate::domain::officer::{check_handed_down_password, Operation, Role};
use crate::domain::station::StationCode;
use crate::i18n::Lang;
use crate::store::{password, AccountChange, StoreError};
use crate::sync::AccountsPulled;
use anyhow::Result;
use chrono::NaiveDate;
use clap::Subcommand;

/// What `central officer …` publishes, as its refusals name it.
const ACCOUNT: Noun = Noun { zh: "账户", en: "an account" };

#[derive(Debug, Subcommand)]
pub enum CentralOfficerCommand {
    /// Publish an account for one station, which takes it in on its next sync; its first
    /// password comes from a prompt or, with --password-stdin, the line after the admin's. An
    /// admin (`--as BADGE`) publishes
    Add {
        /// Badge number (执法证号), the login name; one the station does not use
        badge: String,
        name: String,
        /// 执法人员 officer, 辅助人员 auxiliary, 中队长 team_leader, 负责人 head, 法制审核
        /// legal_reviewer, 管理员 admin, 审计 auditor
        #[arg(long)]
        role: Role,
        /// The station's code
        #[arg(long)]
        station: String,
        /// Team code (the station's)
        #[arg(long)]
        team: Option<String>,
        /// Expiry date of the enforcement certificate, YYYY-MM-DD
        #[arg(long = "cert-expiry", value_parser = parse_date)]
        cert_expiry: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Reset the password of an account published for a station (the new one from a prompt or
    /// --password-stdin)
    Password {
        badge: String,
        #[arg(long)]
        station: String,
        #[arg(long)]
        json: bool,
    },
    /// Deactivate an account published for a station: it can no longer log in there
    Deactivate {
        badge: String,
        #[arg(long)]
        station: String,
        #[arg(long)]
        json: bool,
    },
    /// The account publications at the centre (never a password or its verifier)
    List {
        /// Only this station's
        #[arg(long)]
        station: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(
    context: &dyn Fn() -> Result<Context>,
    centre: &mut Centre,
    cmd: CentralOfficerCommand,
    lang: Lang,
) -> Result<i32> {
    match cmd {
        CentralOfficerCommand::Add { badge, name, role, station, team, cert_expiry, json } => {
            let account = Account { badge, station, json };
            let who = Who { name, role, team, cert_expiry };
            publish(&context()?, centre, account, AccountChange::Add, Some(who), lang)
        }
        CentralOfficerCommand::Password { badge, station, json } => {
            let account = Account { badge, station, json };
            publish(&context()?, centre, account, AccountChange::Password, None, lang)
        }
        CentralOfficerCommand::Deactivate { badge, station, json } => {
            let account = Account { badge, station, json };
            publish(&context()?, centre, account, AccountChange::Deactivate, None, lang)
        }
        CentralOfficerCommand::List { station, json } => list(centre, station, json, lang),
    }
}

/// Which account, at which station, and how to print it.
struct Account {
    badge: String,
    station: String,
    json: bool,
}

/// Who an account added is.
struct Who {
    name: String,
    role: Role,
    team: Option<String>,
    cert_expiry: Option<NaiveDate>,
}

/// `zhifa --as ADMIN central officer add|password|deactivate …`: the publisher an admin of their
/// station (as for catalogs and calendars), then the password read and checked, then one row at
/// the centre.
fn publish(
    ctx: &Context,
    centre: &mut Centre,
    account: Account,
    what: AccountChange,
    who: Option<Who>,
    lang: Lang,
) -> Result<i32> {
    if let Some(exit) = needs_admin(ctx, ACCOUNT, lang) {
        return Ok(exit);
    }
    let station = match StationCode::parse(account.station.trim()) {
        Ok(code) => code.to_string(),
        Err(e) => {
            errln!("zhifa: --station: {e}");
            return Ok(EXIT_INVALID);
        }
    };
    let badge = account.badge.trim().to_string();
    if !crate::store::publisher_is_valid(&station, &badge) {
        errln!(
            "zhifa: {}",
            match lang {
                Lang::Zh => format!("执法证号“{badge}”不可用：不能为空，不能含空白或 /"),
                Lang::En => format!("badge “{badge}” cannot be used: empty, or with a space or /"),
            }
        );
        return Ok(EXIT_INVALID);
    }
    let mut passwords = Passwords::new(ctx.passwords);
    let publisher =
        match publisher(ctx, centre, Operation::ManageOfficers, ACCOUNT, &mut passwords, lang)? {
            Ok(publisher) => publisher,
            Err(exit) => return Ok(exit),
        };
    // The role the password's policy is the role's: given, or as the centre published it.
    let role = match (&who, what) {
        (Some(who), _) => Some(who.role),
        (None, AccountChange::Password) => {
            let published = centre.account_publications(Some(&station))?;
            let added = published.iter().find(|p| p.badge == badge && p.what == "add");
            match added.and_then(|p| p.role.as_deref()).map(str::parse::<Role>) {
                Some(Ok(role)) => Some(role),
                _ => return Ok(not_added(&station, &badge, lang)),
            }
        }
        (None, _) => None,
    };
    let credential = match role {
        Some(role) => {
            let prompt = match lang {
                Lang::Zh => format!("{badge} 的新密码："),
                Lang::En => format!("new password for {badge}: "),
            };
            let password = passwords.new_password(&prompt, lang)?;
            if let Err(policy) = check_handed_down_password(role, &password) {
                // Worded as the station's `officer add` words it.
                errln!("zhifa: {}", explain(StoreError::from(policy), lang));
                errln!("{}", lang.pick("未发布任何内容。", "nothing was published."));
                return Ok(EXIT_INVALID);
            }
            let made = password::make(&password, password::PRODUCTION)?;
            Some((made.phc, password::public_key(&made.seed)))
        }
        None => None,
    };
    let Publisher { who: admin, badge: by, station: by_station, through_seq } = publisher;
    let (credential, officer_key) = credential.unzip();
    let new = NewAccount {
        station: station.clone(),
        badge: badge.clone(),
        what,
        name: who.as_ref().map(|w| w.name.trim().to_string()),
        role: who.as_ref().map(|w| w.role),
        team: who.as_ref().and_then(|w| w.team.clone()).filter(|t| !t.trim().is_empty()),
        cert_expiry: who.as_ref().and_then(|w| w.cert_expiry),
        credential,
        officer_key,
        published_by: by,
        published_station: by_station,
        through_seq,
    };
    if new.name.as_deref() == Some("") {
        errln!("zhifa: {}", lang.pick("姓名不能为空", "the name may not be empty"));
        return Ok(EXIT_INVALID);
    }
    match centre.publish_account(&new, admin.actor())? {
        AccountPublished::Done(p) => {
            if account.json {
                crate::cli::json::print(&p)?;
            } else {
                print_published(&p, lang);
            }
            Ok(0)
        }
        AccountPublished::NoStation => {
            errln!(
                "zhifa: {}",
                match lang {
                    Lang::Zh => format!(
                        "中心尚未收到站点 {station} 的任何同步：该站首次同步后才能为其发布账户；未发布任何内容"
                    ),
                    Lang::En => format!(
                        "the centre has never heard from station {station}: accounts are \
                         published for it after its first sync; nothing was published"
                    ),
                }
            );
            Ok(EXIT_INVALID)
        }
        AccountPublished::NotAdded => Ok(not_added(&station, &badge, lang)),
        AccountPublished::AlreadyAdded(held) => {
            errln!(
                "zhifa: {}",
                match lang {
                    Lang::Zh => format!(
                        "中心已为站点 {station} 发布过账户 {badge}（第 {} 次发布，{} 于 {}）：重设密码用 \
                         `central officer password`，停用用 `central officer deactivate`；未发布任何内容",
                        held.revision, held.published_by, held.published_at
                    ),
                    Lang::En => format!(
                        "the account {badge} is published for station {station} already \
                         (publication {}, by {} at {}): reset its password with `central officer \
                         password`, deactivate it with `central officer deactivate`; nothing was \
                         published",
                        held.revision, held.published_by, held.published_at
                    ),
                }
            );
            Ok(EXIT_INVALID)
        }
        AccountPublished::Deactivated(held) => {
            errln!(
                "zhifa: {}",
                match lang {
                    Lang::Zh => format!(
                        "站点 {station} 的账户 {badge} 已由中心停用（第 {} 次发布，{} 于 {}）：未发布任何内容",
                        held.revision, held.published_by, held.published_at
                    ),
                    Lang::En => format!(
                        "the account {badge} of station {station} was deactivated at the centre \
                         (publication {}, by {} at {}): nothing was published",
                        held.revision, held.published_by, held.published_at
                    ),
                }
            );
            Ok(EXIT_INVALID)
        }
    }
}

/// A password or deactivation for a badge the centre never published for the station.
fn not_added(station: &str, badge: &str, lang: Lang) -> i32 {
    errln!(
        "zhifa: {}",
        match lang {
            Lang::Zh => format!(
                "中心没有为站点 {station} 发布过账户 {badge}（站点自建的账户由该站管理）；未发布任何内容"
            ),
            Lang::En => format!(
                "the centre never published an account {badge} for station {station} (a \
                 station's own accounts are its own to manage); nothing was published"
            ),
        }
    );
    EXIT_INVALID
}

/// `添加` / `added`, as the row or a take-in names the change.
fn what_words(what: &str, lang: Lang) -> &'static str {
    AccountChange::parse(what).map_or("—", |what| what.words(lang))
}

fn role_words(role: Option<&str>, lang: Lang) -> String {
    match role.map(|r| (r, r.parse::<Role>())) {
        Some((_, Ok(role))) => role.label(lang).to_string(),
        Some((raw, Err(_))) => raw.to_string(),
        None => "—".into(),
    }
}

fn print_published(p: &AccountPublication, lang: Lang) {
    let what = what_words(&p.what, lang);
    let name = p.name.clone().map(|n| format!("{n}，{}", role_words(p.role.as_deref(), lang)));
    match lang {
        Lang::Zh => outln!(
            "已在中心为站点 {} 发布账户 {}{}（第 {} 次发布：{what}）；发布人 {}（{}）；该站下次同步时导入",
            p.station,
            p.badge,
            name.map(|n| format!("（{n}）")).unwrap_or_default(),
            p.revision,
            p.published_by,
            p.published_station
        ),
        Lang::En => outln!(
            "published the account {}{} for station {} at the centre (publication {}: {what}); \
             by {} ({}); the station takes it in on its next sync",
            p.badge,
            p.name.as_ref().map(|n| format!(" ({n}, {})", role_words(p.role.as_deref(), lang))).unwrap_or_default(),
            p.station,
            p.revision,
            p.published_by,
            p.published_station
        ),
    }
}

/// `zhifa central officer list`: every account publication, by station, badge and revision.
fn list(centre: &mut Centre, station: Option<String>, json: bool, lang: Lang) -> Result<i32> {
    let station = station.map(|s| s.trim().to_ascii_uppercase());
    let published = centre.account_publications(station.as_deref())?;
    if json {
        crate::cli::json::print(&published)?;
        return Ok(0);
    }
    let header = match lang {
        Lang::Zh => [
            "站点",
            "执法证号",
            "发布",
            "变更",
            "姓名",
            "角色",
            "中队",
            "发布人",
            "发布时间（UTC）",
        ],
        Lang::En => [
            "station",
            "badge",
            "publication",
            "change",
            "name",
            "role",
            "team",
            "published by",
            "at (UTC)",
        ],
    };
    let rows: Vec<Vec<String>> = published
        .iter()
        .map(|p| {
            vec![
                p.station.clone(),
                p.badge.clone(),
                p.revision.to_string(),
                what_words(&p.what, lang).to_string(),
                p.name.clone().unwrap_or_else(|| "—".into()),
                role_words(p.role.as_deref(), lang),
                p.team.clone().unwrap_or_else(|| "—".into()),
                format!("{}/{}", p.published_station, p.published_by),
                p.published_at.clone(),
            ]
        })
        .collect();
    out!("{}", table::render(&header, &rows, &[8, 16, 6, 8, 12, 10, 8, 20, 20]));
    Ok(0)
}

/// What `zhifa sync` says about them: each publication taken in, and each that was not, and why.
pub fn print_at_sync(pulled: &AccountsPulled, lang: Lang) {
    print_taken_in(pulled, lang);
    for not in &pulled.not_taken {
        errln!("zhifa: {}", not.message(lang));
    }
}

/// Each publication taken in (`sync --watch` says what was not taken in once, not every round).
pub fn print_taken_in(pulled: &AccountsPulled, lang: Lang) {
    for t in &pulled.taken_in {
        let what = what_words(&t.what, lang);
        match lang {
            Lang::Zh => outln!(
                "已导入中心下发的账户 {}（第 {} 次发布：{what}），发布人 {}（{}）",
                t.badge,
                t.revision,
                t.published_by,
                t.published_station
            ),
            Lang::En => outln!(
                "took in the account {} handed down by the centre (publication {}: {what}), \
                 published by {} ({})",
                t.badge,
                t.revision,
                t.published_by,
                t.published_station
            ),
        }
    }
}
