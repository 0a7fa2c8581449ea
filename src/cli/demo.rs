//! `zhifa demo`: create the demo database on first run, then open it in the TUI (in a terminal)
//! or show what it holds (when piped or scripted).

use super::context::{default_demo_db_path, open_store, Context};
use crate::cli::out::outln;
use crate::demo::{seed_demo, seed_demo_officers, DEMO_OFFICERS};
use crate::domain::actor::Actor;
use crate::domain::version::statuses_on;
use crate::i18n::Lang;
use crate::tui::screens::login::DemoAccount;
use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Accepted for older scripts: the demo accounts are now always created and printed
    #[arg(long, hide = true)]
    officers: bool,
}

/// `db_given`: whether `--db` named the file; otherwise the demo uses its own file beside the
/// default database, so demo data never mixes with real records.
pub fn run(ctx: &Context, db_given: bool, args: DemoArgs, lang: Lang) -> Result<i32> {
    let path = if db_given { ctx.db_path.clone() } else { default_demo_db_path()? };
    let clock = ctx.clock;
    let mut store = open_store(&path)?;
    let actor = Actor::new("system:demo", "zhifa demo", std::process::id());
    let _ = args.officers;
    let seeded = seed_demo(&mut store, &actor, clock.now())?;
    seed_demo_officers(&mut store, &actor, clock.now())?;
    crate::demo::activity::seed_demo_activity(&mut store, &actor, clock.now())?;
    let versions = store.catalog_versions()?;
    let statuses = statuses_on(&versions, clock.today());
    let db = path.display();
    // Hints name the program as it was invoked (target/release/zhifa under cargo), so they work
    // when pasted.
    let zhifa = std::env::args().next().unwrap_or_else(|| "zhifa".to_string());
    match lang {
        Lang::Zh => {
            let what = if seeded { "已创建演示数据库" } else { "演示数据库已存在" };
            outln!("{what}：{db}");
            for (v, s) in versions.iter().zip(&statuses) {
                outln!(
                    "  目录 {}（{}，{} 起生效，{} 项）",
                    v.label,
                    s.label_zh(),
                    v.effective,
                    v.item_count
                );
            }
            outln!("\n试试：");
            print_hints(&zhifa, &db.to_string());
        }
        Lang::En => {
            let what =
                if seeded { "created the demo database" } else { "the demo database exists" };
            outln!("{what}: {db}");
            for v in &versions {
                outln!("  catalog {} (effective {}, {} items)", v.label, v.effective, v.item_count);
            }
            outln!("\ntry:");
            print_hints(&zhifa, &db.to_string());
        }
    }
    print_demo_officers(&store, lang)?;
    if crate::tui::is_interactive() {
        // What was printed stays on the normal screen, to be read again after quitting; the
        // login screen lists the same accounts meanwhile.
        let accounts = demo_accounts(&store)?;
        let station = crate::tui::Station {
            origin: ctx.origin.clone(),
            clock,
            lang,
            config: crate::config::Config::load()?,
            demo_accounts: accounts,
            // Demo records never go to a real centre.
            central: None,
        };
        let code = crate::tui::start(store, station)?;
        // The interface took the screen: say again, on the normal screen, where the work is.
        match lang {
            Lang::Zh => outln!("演示数据库保存在 {db}；再次打开：{zhifa} demo"),
            Lang::En => outln!("the demo database is kept at {db}; open it again: {zhifa} demo"),
        }
        return Ok(code);
    }
    Ok(0)
}

/// The demo accounts that exist in this database, for its login screen.
fn demo_accounts(store: &crate::store::Store) -> Result<Vec<DemoAccount>> {
    let mut accounts = Vec::new();
    for (badge, name, role, _, password) in DEMO_OFFICERS {
        if store.officer(badge)?.is_some() {
            let (badge, name, password) = (badge.into(), name.into(), password.into());
            accounts.push(DemoAccount { badge, name, role, password });
        }
    }
    Ok(accounts)
}

/// The demo accounts that exist, with their demo passwords (demo database only).
fn print_demo_officers(store: &crate::store::Store, lang: Lang) -> Result<()> {
    outln!(
        "\n{}",
        lang.pick("演示账号（仅限演示数据库）：", "demo accounts (demo database only):")
    );
    let mut rows = Vec::new();
    for (badge, name, role, _, password) in DEMO_OFFICERS {
        if store.officer(badge)?.is_some() {
            let role = role.label(lang);
            rows.push(vec![badge.to_string(), name.to_string(), role.to_string(), password.into()]);
        }
    }
    let header = match lang {
        Lang::Zh => ["执法证号", "姓名", "角色", "演示密码"],
        Lang::En => ["badge", "name", "role", "demo password"],
    };
    for line in super::table::render(&header, &rows, &[12, 12, 16, 20]).lines() {
        outln!("  {line}");
    }
    Ok(())
}

fn print_hints(zhifa: &str, db: &str) {
    for args in
        ["catalog search zydl", "catalog search 垃圾分类", "catalog versions", "catalog diff"]
    {
        outln!("  {zhifa} --db {db} {args}");
    }
}
