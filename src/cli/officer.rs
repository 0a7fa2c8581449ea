//! `zhifa officer …`: add, list, passwd, unlock, deactivate — for bootstrap and scripting.
//!
//! Writing commands act as the identity `cli::auth` resolves; the store decides whether it may.
//! Nothing here prints a password or a hash.

use super::auth::{self, explain, Passwords};
use super::catalog::parse_date;
use super::context::Context;
use super::table;
use crate::cli::out::{out, outln};
use crate::domain::officer::{NewOfficer, Officer, Role};
use crate::i18n::Lang;
use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum OfficerCommand {
    /// Add an account; its password comes from a prompt or, with --password-stdin, from stdin
    Add(AddArgs),
    /// List accounts (never their passwords or hashes)
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Set a new password: your own (--as yourself), or anyone's as an admin
    Passwd { badge: String },
    /// Clear the lock after too many failed logins (team leader or admin)
    Unlock { badge: String },
    /// Deactivate an account: it keeps its history and can no longer log in
    Deactivate { badge: String },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Badge number (执法证号), the login name
    #[arg(long)]
    badge: String,
    #[arg(long)]
    name: String,
    /// 执法人员 officer, 辅助人员 auxiliary, 中队长 team_leader, 法制审核 legal_reviewer,
    /// 管理员 admin, 审计 auditor
    #[arg(long)]
    role: Role,
    /// Team code (add it first with `zhifa team add`)
    #[arg(long)]
    team: Option<String>,
    /// Expiry date of the enforcement certificate, YYYY-MM-DD
    #[arg(long = "cert-expiry", value_parser = parse_date)]
    cert_expiry: Option<NaiveDate>,
}

pub fn run(ctx: &Context, cmd: OfficerCommand, lang: Lang) -> Result<i32> {
    match cmd {
        OfficerCommand::Add(args) => add(ctx, args, lang),
        OfficerCommand::List { json } => list(ctx, json, lang),
        OfficerCommand::Passwd { badge } => passwd(ctx, &badge, lang),
        OfficerCommand::Unlock { badge } => unlock(ctx, &badge, lang),
        OfficerCommand::Deactivate { badge } => deactivate(ctx, &badge, lang),
    }
}

fn add(ctx: &Context, args: AddArgs, lang: Lang) -> Result<i32> {
    let mut store = ctx.open_store()?;
    let mut passwords = Passwords::new(ctx.passwords);
    let who = auth::identity(ctx, &mut store, &mut passwords, lang)?;
    let prompt = match lang {
        Lang::Zh => format!("{} 的新密码：", args.badge),
        Lang::En => format!("new password for {}: ", args.badge),
    };
    let password = passwords.new_password(&prompt, lang)?;
    let new = NewOfficer {
        badge: args.badge,
        name: args.name,
        role: args.role,
        team: args.team,
        cert_expiry: args.cert_expiry,
    };
    let officer =
        store.add_officer(&who, ctx.clock.now(), &new, &password).map_err(|e| explain(e, lang))?;
    let by = &who.actor().id;
    match lang {
        Lang::Zh => {
            outln!("已添加 {}（{}，{}），操作人 {by}", officer.badge, officer.name, officer.role)
        }
        Lang::En => {
            outln!("added {} ({}, {}), by {by}", officer.badge, officer.name, officer.role.key())
        }
    }
    Ok(0)
}

fn passwd(ctx: &Context, badge: &str, lang: Lang) -> Result<i32> {
    let mut store = ctx.open_store()?;
    let mut passwords = Passwords::new(ctx.passwords);
    let who = auth::identity(ctx, &mut store, &mut passwords, lang)?;
    let prompt = match lang {
        Lang::Zh => format!("{badge} 的新密码："),
        Lang::En => format!("new password for {badge}: "),
    };
    let password = passwords.new_password(&prompt, lang)?;
    store.set_password(&who, ctx.clock.now(), badge, &password).map_err(|e| explain(e, lang))?;
    outln!("{}", lang.pick("密码已更新。", "password changed."));
    Ok(0)
}

fn unlock(ctx: &Context, badge: &str, lang: Lang) -> Result<i32> {
    let mut store = ctx.open_store()?;
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let officer =
        store.unlock_officer(&who, ctx.clock.now(), badge).map_err(|e| explain(e, lang))?;
    match lang {
        Lang::Zh => outln!("已解锁 {}（{}）", officer.badge, officer.name),
        Lang::En => outln!("unlocked {} ({})", officer.badge, officer.name),
    }
    Ok(0)
}

fn deactivate(ctx: &Context, badge: &str, lang: Lang) -> Result<i32> {
    let mut store = ctx.open_store()?;
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let officer =
        store.deactivate_officer(&who, ctx.clock.now(), badge).map_err(|e| explain(e, lang))?;
    match lang {
        Lang::Zh => outln!("已停用 {}（{}）", officer.badge, officer.name),
        Lang::En => outln!("deactivated {} ({})", officer.badge, officer.name),
    }
    Ok(0)
}

/// Reading the list needs no login, like reading the catalog.
fn list(ctx: &Context, json: bool, lang: Lang) -> Result<i32> {
    let officers = ctx.open_store()?.officers()?;
    if json {
        crate::cli::json::print(&officers)?;
        return Ok(0);
    }
    let header = match lang {
        Lang::Zh => ["执法证号", "姓名", "角色", "中队", "证件有效期", "状态"],
        Lang::En => ["badge", "name", "role", "team", "cert expiry", "state"],
    };
    let rows: Vec<Vec<String>> = officers.iter().map(|o| row(o, lang)).collect();
    out!("{}", table::render(&header, &rows, &[20, 16, 10, 12, 12, 8]));
    Ok(0)
}

fn row(o: &Officer, lang: Lang) -> Vec<String> {
    let state = match (o.active, o.locked) {
        (false, _) => lang.pick("已停用", "inactive"),
        (true, true) => lang.pick("已锁定", "locked"),
        (true, false) => lang.pick("在用", "active"),
    };
    let role = o.role.label(lang);
    vec![
        o.badge.clone(),
        o.name.clone(),
        role.to_string(),
        o.team.clone().unwrap_or_else(|| "—".into()),
        o.cert_expiry.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
        state.to_string(),
    ]
}
