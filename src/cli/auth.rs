//! Who runs a writing command: reading passwords, logging in with `--as`, bootstrap mode, and
//! refusals in the user's language.
//!
//! Rules: with `--as BADGE` the officer logs in (password from standard input with
//! `--password-stdin`, else prompted at the terminal). Without `--as`, the command runs as the OS
//! user (`os:NAME`) only while no admin account exists; the store refuses it afterwards. The store
//! makes the final decision inside each write; this module only gathers the identity and explains.

use super::context::{Context, PasswordSource};
use crate::cli::out::errln;
use crate::i18n::Lang;
use crate::messages;
use crate::store::{AuthError, Identity, Store, StoreError};
use anyhow::{anyhow, bail, Result};
use std::io::{IsTerminal, Read};

/// Passwords for one command, in the order it asks: with `--password-stdin`, one per line of
/// standard input (first the `--as` officer's, then a new one); otherwise prompted, unechoed.
pub struct Passwords {
    source: PasswordSource,
    lines: Option<std::vec::IntoIter<String>>,
    taken: usize,
}

impl Passwords {
    pub fn new(source: PasswordSource) -> Passwords {
        Passwords { source, lines: None, taken: 0 }
    }

    /// The next password: the next line of standard input, or a prompt at the terminal.
    pub fn next(&mut self, prompt: &str, lang: Lang) -> Result<String> {
        if self.source == PasswordSource::Stdin {
            return self.next_line(lang);
        }
        if !std::io::stdin().is_terminal() {
            bail!(
                "{}",
                lang.pick(
                    "标准输入不是终端，无法提示输入密码：请加 --password-stdin，并从标准输入提供密码（每行一个）",
                    "standard input is not a terminal, so no password can be prompted for: pass \
                     --password-stdin and write the password(s) to standard input, one per line"
                )
            );
        }
        Ok(rpassword::prompt_password(prompt)?)
    }

    /// A new password: one line of standard input, or typed twice at the terminal.
    pub fn new_password(&mut self, prompt: &str, lang: Lang) -> Result<String> {
        let first = self.next(prompt, lang)?;
        if self.source == PasswordSource::Stdin {
            return Ok(first);
        }
        let again = self.next(lang.pick("再输入一次：", "again: "), lang)?;
        if again != first {
            bail!("{}", lang.pick("两次输入的密码不一致", "the two passwords differ"));
        }
        Ok(first)
    }

    fn next_line(&mut self, lang: Lang) -> Result<String> {
        if self.lines.is_none() {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text)?;
            let lines: Vec<String> =
                text.lines().map(|l| l.trim_end_matches('\r').to_string()).collect();
            self.lines = Some(lines.into_iter());
        }
        self.taken += 1;
        let line = self.lines.as_mut().and_then(Iterator::next);
        line.ok_or_else(|| match lang {
            Lang::Zh => anyhow!("标准输入中缺少第 {} 行（密码，每行一个）", self.taken),
            Lang::En => {
                anyhow!("standard input has no line {} (passwords, one per line)", self.taken)
            }
        })
    }
}

/// The identity a writing command acts as (see the module rules).
pub fn identity(
    ctx: &Context,
    store: &mut Store,
    passwords: &mut Passwords,
    lang: Lang,
) -> Result<Identity> {
    let Some(badge) = ctx.acting_as.as_deref() else {
        return store.bootstrap_identity(ctx.origin.clone()).map_err(|e| explain(e, lang));
    };
    if store.officer(badge)?.is_none() && !store.has_admin()? {
        // Before accounts exist, `--as` named a person without checking anyone: keep scripts of
        // that time working, but record the OS user, which is the truth.
        match lang {
            Lang::Zh => errln!("尚无账号：{badge} 无法核验，按系统用户 {} 记录", ctx.origin.id),
            Lang::En => errln!(
                "no accounts yet: {badge} cannot be checked, recorded as the OS user {}",
                ctx.origin.id
            ),
        }
        return store.bootstrap_identity(ctx.origin.clone()).map_err(|e| explain(e, lang));
    }
    let prompt = match lang {
        Lang::Zh => format!("{badge} 的密码："),
        Lang::En => format!("password for {badge}: "),
    };
    let password = passwords.next(&prompt, lang)?;
    store
        .authenticate(&ctx.origin, ctx.clock.now(), badge, &password)
        .map_err(|e| auth_failure(e, lang))
}

/// A store error as the user should read it: refusals and policy in their language. English
/// keeps the error itself, so its cause chain still prints.
pub fn explain(error: StoreError, lang: Lang) -> anyhow::Error {
    match (lang, messages::store_error_zh(&error)) {
        (Lang::Zh, Some(text)) => anyhow!(text),
        _ => error.into(),
    }
}

fn auth_failure(error: AuthError, lang: Lang) -> anyhow::Error {
    match error {
        AuthError::Store(e) => explain(e, lang),
        other => match (lang, messages::auth_error_zh(&other)) {
            (Lang::Zh, Some(text)) => anyhow!(text),
            _ => other.into(),
        },
    }
}
