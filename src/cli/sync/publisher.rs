//! Who publishes at the centre (`zhifa central catalog publish`, `zhifa central calendar
//! publish`, `zhifa central officer …`): an admin of this station, logged in with `--as`, whose key the stations will be
//! able to check. Their station's events are pushed first (as `zhifa sync` pushes them), then the
//! centre's copy of its account events must give the admin the key signing (`check_publisher`, as
//! every station will check it).

use crate::central::Centre;
use crate::cli::auth::{self, Passwords};
use crate::cli::catalog::import::EXIT_INVALID;
use crate::cli::context::Context;
use crate::cli::out::errln;
use crate::domain::officer::{may, Operation};
use crate::i18n::Lang;
use crate::store::Identity;
use crate::sync::{check_publisher, SignatureFault, SyncError};
use anyhow::{anyhow, Result};

/// What is published, as the refusals name it: `目录` / `a catalog`.
#[derive(Debug, Clone, Copy)]
pub struct Noun {
    pub zh: &'static str,
    pub en: &'static str,
}

/// An admin of this station who may publish, and through which event of the station the centre
/// holds their key.
pub struct Publisher {
    pub who: Identity,
    pub badge: String,
    pub station: String,
    pub through_seq: i64,
}

/// Refused (exit 2) without `--as`: publishing takes an admin, and their password.
pub fn needs_admin(ctx: &Context, noun: Noun, lang: Lang) -> Option<i32> {
    if ctx.acting_as.is_some() {
        return None;
    }
    errln!(
        "zhifa: {}",
        match lang {
            Lang::Zh =>
                format!("在中心发布{}须由管理员进行：请用 --as 证号（并输入密码）", noun.zh),
            Lang::En => format!(
                "publishing {} at the centre takes an admin: give --as BADGE (and the password)",
                noun.en
            ),
        }
    );
    Some(EXIT_INVALID)
}

/// The admin logged in (their password the first of `passwords`), once their station's events
/// are at the centre and give them the key they sign with; else the exit code, the refusal said
/// (nothing published).
pub fn publisher(
    ctx: &Context,
    centre: &mut Centre,
    operation: Operation,
    noun: Noun,
    passwords: &mut Passwords,
    lang: Lang,
) -> Result<Result<Publisher, i32>> {
    let mut store = ctx.open_store()?;
    let who = auth::identity(ctx, &mut store, passwords, lang)?;
    let Some(admin) = who.officer().filter(|o| may(o.role, operation)) else {
        errln!(
            "zhifa: {}",
            match lang {
                Lang::Zh => format!(
                    "{} 不是管理员：只有管理员可以在中心发布{}；未发布任何内容",
                    who.actor().id,
                    noun.zh
                ),
                Lang::En => format!(
                    "{} is not an admin: only an admin publishes {} at the centre; nothing was \
                     published",
                    who.actor().id,
                    noun.en
                ),
            }
        );
        return Ok(Err(EXIT_INVALID));
    };
    let badge = admin.badge.clone();
    let Some(station) = store.station()? else {
        errln!(
            "zhifa: {}",
            lang.pick(
                "本数据库尚无站点编码：请管理员用 `zhifa station set 编码 名称` 设定（发布者的站点记入中心）",
                "this database has no station code yet: an admin gives it one with `zhifa station \
                 set CODE NAME` (the publisher's station is recorded at the centre)"
            )
        );
        return Ok(Err(2));
    };
    // Stations check the publisher's key against this station's account events at the centre:
    // they go there first (as `zhifa sync` pushes), and must give this admin the key signing.
    let today = ctx.clock.today();
    let pushed = crate::sync::push(&store, centre, crate::sync::DEFAULT_BATCH, today, |_, _| {});
    let pushed = match pushed {
        Ok(pushed) => pushed,
        Err(e @ (SyncError::Store(_) | SyncError::Central(_))) => {
            return Err(anyhow!(e.message(lang)))
        }
        Err(refused) => {
            errln!(
                "zhifa: {}{}",
                lang.pick(
                    "发布前须先将本站事件推送到中心，推送未成功；未发布任何内容：",
                    "publishing pushes this station's events to the centre first, and the push \
                     did not succeed; nothing was published: "
                ),
                refused.message(lang)
            );
            return Ok(Err(super::EXIT_REFUSED));
        }
    };
    let key = who.actor().signing_seed().map(crate::store::password::public_key);
    let checked = match &key {
        Some(key) => check_publisher(centre, &station.code, &badge, pushed.head_seq, key)
            .map_err(|e| anyhow!(e.message(lang)))?,
        None => Err(SignatureFault::NoKey),
    };
    if let Err(fault) = checked {
        errln!(
            "zhifa: {}",
            match lang {
                Lang::Zh => format!(
                    "各站点无法核实此次发布的签名：{}；未发布任何内容（请先运行 `zhifa verify`）",
                    fault.words(&station.code, &badge, lang)
                ),
                Lang::En => format!(
                    "stations could not check this publication's signature: {}; nothing was \
                     published (run `zhifa verify` first)",
                    fault.words(&station.code, &badge, lang)
                ),
            }
        );
        return Ok(Err(super::EXIT_REFUSED));
    }
    Ok(Ok(Publisher { who, badge, station: station.code, through_seq: pushed.head_seq }))
}

/// `已签名` / `signed` when a row carries its publisher's signature (the stations check it).
pub fn signed_word(signed: bool, lang: Lang) -> &'static str {
    match (signed, lang) {
        (true, Lang::Zh) => "已签名",
        (true, Lang::En) => "signed",
        (false, Lang::Zh) => "未签名",
        (false, Lang::En) => "unsigned",
    }
}
