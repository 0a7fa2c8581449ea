//! `zhifa demo`: create the demo database on first run, then open it in the TUI (in a terminal)
//! or show what it holds (when piped or scripted).

use super::context::{default_demo_db_path, open_store, Context};
use crate::clock::Clock;
use crate::demo::seed_demo;
use crate::domain::actor::Actor;
use crate::domain::version::statuses_on;
use crate::i18n::Lang;
use anyhow::Result;
use std::path::PathBuf;

pub fn run(db: Option<PathBuf>, acting_as: Option<String>, lang: Lang) -> Result<i32> {
    let path = match db {
        Some(p) => p,
        None => default_demo_db_path()?,
    };
    let clock = Clock::from_env().map_err(anyhow::Error::msg)?;
    let mut store = open_store(&path)?;
    let actor = Actor::new("system:demo", "zhifa demo", std::process::id());
    let seeded = seed_demo(&mut store, &actor, clock.now())?;
    if crate::tui::is_interactive() {
        let ctx = Context::new(Some(path), acting_as)?;
        return crate::tui::start(&store, ctx.clock, ctx.actor.id.clone(), lang);
    }
    let versions = store.catalog_versions()?;
    let statuses = statuses_on(&versions, clock.today());
    let db = path.display();
    // Hints name the program as it was invoked (target/release/zhifa under cargo), so they work
    // when pasted.
    let zhifa = std::env::args().next().unwrap_or_else(|| "zhifa".to_string());
    match lang {
        Lang::Zh => {
            let what = if seeded { "已创建演示数据库" } else { "演示数据库已存在" };
            println!("{what}：{db}");
            for (v, s) in versions.iter().zip(&statuses) {
                println!(
                    "  目录 {}（{}，{} 起生效，{} 项）",
                    v.label,
                    s.label_zh(),
                    v.effective,
                    v.item_count
                );
            }
            println!("\n试试：");
            print_hints(&zhifa, &db.to_string());
        }
        Lang::En => {
            let what =
                if seeded { "created the demo database" } else { "the demo database exists" };
            println!("{what}: {db}");
            for v in &versions {
                println!(
                    "  catalog {} (effective {}, {} items)",
                    v.label, v.effective, v.item_count
                );
            }
            println!("\ntry:");
            print_hints(&zhifa, &db.to_string());
        }
    }
    Ok(0)
}

fn print_hints(zhifa: &str, db: &str) {
    for args in
        ["catalog search zydl", "catalog search 垃圾分类", "catalog versions", "catalog diff"]
    {
        println!("  {zhifa} --db {db} {args}");
    }
}
