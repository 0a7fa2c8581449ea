//! The 管理 tab: an admin loads a catalog update here, step by step, and nothing is written
//! before the last one.
//!
//! Home → pick a file → it is read and checked in the background (progress bar) → either the
//! validation report (every problem with row and column; nothing can be written) or the diff
//! preview with the label, effective date and document number to confirm, refusals shown as they
//! are typed → the password → written in the background (progress bar) → done. Esc goes back a
//! step. Other roles see why they cannot import; the store refuses them anyway.

pub mod picker;
pub mod render;

use crate::app::{Action, Effect, Secret, Shared};
use crate::form::{Form, FormEvent, FormField};
use chrono::NaiveDate;
use picker::Picker;
use zhifa_app::catalog_update::{Prepared, Progress};
use zhifa_core::domain::officer::{may, Officer, Operation};
use zhifa_core::domain::version::CatalogVersion;
use zhifa_core::i18n::Lang;
use zhifa_store::NewVersion;

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Home,
    Pick(Picker),
    /// Reading and checking the file, or (with `confirmed`: what is being written) writing it.
    Working {
        progress: Shared<Progress>,
        confirmed: Option<Box<(Shared<Prepared>, NewVersion)>>,
    },
    /// The file has errors: the report, scrolled. Nothing can be written.
    Report {
        prepared: Shared<Prepared>,
        scroll: u16,
    },
    /// A valid file: the diff, scrolled, and the questions.
    Preview {
        prepared: Shared<Prepared>,
        form: Form,
        scroll: u16,
        refusals: Vec<String>,
    },
    /// The admin's password, last.
    Confirm {
        prepared: Shared<Prepared>,
        meta: NewVersion,
        form: Form,
    },
    Done(CatalogVersion),
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdminState {
    pub step: Step,
    /// Why the last attempt failed (shown on the step it returns to).
    pub message: Option<String>,
}

/// What the screen needs from the rest of the app to judge a preview.
pub struct Context<'a> {
    pub officer: Option<&'a Officer>,
    pub versions: &'a [CatalogVersion],
    pub today: NaiveDate,
    pub lang: Lang,
}

const LABEL: usize = 0;
const EFFECTIVE: usize = 1;
const DOC_NO: usize = 2;

impl Default for AdminState {
    fn default() -> Self {
        AdminState { step: Step::Home, message: None }
    }
}

impl AdminState {
    /// Whether leaving now would throw away something the admin did (a checked file, answers).
    pub fn has_unsaved_work(&self) -> bool {
        matches!(self.step, Step::Preview { .. } | Step::Confirm { .. } | Step::Working { .. })
    }

    /// Whether a text field has the keyboard (so letters type instead of commanding).
    pub fn is_typing(&self) -> bool {
        matches!(self.step, Step::Pick(_) | Step::Preview { .. } | Step::Confirm { .. })
    }
}

pub fn update(state: &mut AdminState, action: Action, ctx: &Context) -> Option<Effect> {
    let working = matches!(state.step, Step::Working { .. });
    match action {
        // Results of a job this screen no longer waits for (another officer logged in since)
        // are dropped; the app has already taken in a new version.
        Action::Prepared(_) | Action::ImportRefused(_) | Action::Imported { .. } if !working => {}
        Action::Prepared(prepared) => return prepared_arrived(state, prepared, ctx),
        Action::ImportRefused(message) => import_refused(state, message),
        Action::Imported { version, .. } => {
            state.step = Step::Done(*version);
            state.message = None;
        }
        Action::DirListed { dir, entries } => {
            if let Step::Pick(picker) = &mut state.step {
                picker.listed(dir, entries);
            }
        }
        other => return update_step(state, other, ctx),
    }
    None
}

fn update_step(state: &mut AdminState, action: Action, ctx: &Context) -> Option<Effect> {
    match &mut state.step {
        Step::Home | Step::Done(_) => match action {
            Action::StartImport => return start(state, ctx),
            Action::Back if matches!(state.step, Step::Done(_)) => state.step = Step::Home,
            _ => {}
        },
        Step::Pick(picker) => match picker.update(&action) {
            picker::Outcome::List(dir) => return Some(Effect::ListDir(dir)),
            picker::Outcome::Chosen(path) => {
                let progress = Shared::new(Progress::new());
                state.step = Step::Working { progress: progress.clone(), confirmed: None };
                state.message = None;
                return Some(Effect::PrepareImport { path, progress });
            }
            picker::Outcome::Cancel => state.step = Step::Home,
            picker::Outcome::Nothing => {}
        },
        Step::Working { .. } => {}
        Step::Report { scroll, .. } => match action {
            Action::Back => state.step = Step::Home,
            other => *scroll = scrolled(*scroll, &other),
        },
        Step::Preview { .. } => return update_preview(state, action, ctx),
        Step::Confirm { .. } => return update_confirm(state, action, ctx),
    }
    None
}

fn start(state: &mut AdminState, ctx: &Context) -> Option<Effect> {
    let allowed = ctx.officer.is_some_and(|o| may(o.role, Operation::ImportCatalog));
    if !allowed {
        state.message = Some(
            ctx.lang
                .pick("只有管理员可以导入执法事项目录", "only an admin can load a catalog")
                .to_string(),
        );
        return None;
    }
    let picker = Picker::new(picker::start_dir());
    let dir = picker.dir.clone();
    state.step = Step::Pick(picker);
    state.message = None;
    Some(Effect::ListDir(dir))
}

/// A text pane's scroll after `action` (arrows, wheel, pages, top).
pub fn scrolled(scroll: u16, action: &Action) -> u16 {
    match action {
        Action::Up | Action::ScrollUp(_) => scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown(_) => scroll.saturating_add(1),
        Action::PageUp => scroll.saturating_sub(10),
        Action::PageDown => scroll.saturating_add(10),
        Action::First => 0,
        _ => scroll,
    }
}

fn prepared_arrived(
    state: &mut AdminState,
    prepared: Shared<Prepared>,
    ctx: &Context,
) -> Option<Effect> {
    if prepared.has_errors() || prepared.parsed.items.is_empty() {
        state.step = Step::Report { prepared, scroll: 0 };
        return None;
    }
    let proposed = &prepared.proposed;
    let form = Form::new(vec![
        FormField::text(("版本名称", "Label"), &proposed.label),
        FormField::text(("生效日期", "Effective"), &proposed.effective.to_string()),
        FormField::text(("批准文号", "Document no."), &proposed.doc_no),
    ]);
    let refusals = Vec::new();
    state.step = Step::Preview { prepared, form, scroll: 0, refusals };
    refresh_refusals(state, ctx);
    None
}

/// The version the answers describe, or why the date cannot be read.
fn meta_from(form: &Form, prepared: &Prepared, lang: Lang) -> Result<NewVersion, String> {
    let effective_text = form.value(EFFECTIVE).trim();
    let effective =
        NaiveDate::parse_from_str(effective_text, "%Y-%m-%d").map_err(|_| match lang {
            Lang::Zh => {
                format!("生效日期“{effective_text}”不是 年-月-日 格式的日期（如 2027-01-01）")
            }
            Lang::En => format!("effective date “{effective_text}” is not a YYYY-MM-DD date"),
        })?;
    Ok(NewVersion {
        label: form.value(LABEL).trim().to_string(),
        doc_no: form.value(DOC_NO).trim().to_string(),
        effective,
        source_name: prepared.file_name.clone(),
        source_sha256: prepared.source_sha256.clone(),
    })
}

/// Re-judges the answers after every edit, so the reason shows before the password is asked.
fn refresh_refusals(state: &mut AdminState, ctx: &Context) {
    let Step::Preview { prepared, form, refusals, .. } = &mut state.step else { return };
    *refusals = match meta_from(form, prepared, ctx.lang) {
        Ok(meta) => prepared
            .refusals(ctx.versions, &meta, ctx.today)
            .iter()
            .map(|r| r.message(ctx.lang))
            .collect(),
        Err(message) => vec![message],
    };
}

fn update_preview(state: &mut AdminState, action: Action, ctx: &Context) -> Option<Effect> {
    let Step::Preview { prepared, form, scroll, refusals } = &mut state.step else { return None };
    if matches!(
        action,
        Action::PageUp | Action::PageDown | Action::ScrollUp(_) | Action::ScrollDown(_)
    ) {
        *scroll = scrolled(*scroll, &action);
        return None;
    }
    match form.update(&action) {
        FormEvent::Cancel => state.step = Step::Home,
        FormEvent::Submit if refusals.is_empty() => {
            let meta = match meta_from(form, prepared, ctx.lang) {
                Ok(meta) => meta,
                Err(message) => {
                    refusals.push(message);
                    return None;
                }
            };
            let prepared = prepared.clone();
            state.step = Step::Confirm { prepared, meta, form: password_form() };
        }
        FormEvent::Submit | FormEvent::Ignored => {}
        FormEvent::Changed => refresh_refusals(state, ctx),
    }
    None
}

fn update_confirm(state: &mut AdminState, action: Action, ctx: &Context) -> Option<Effect> {
    let Step::Confirm { prepared, meta, form } = &mut state.step else { return None };
    match form.update(&action) {
        FormEvent::Cancel => {
            // Back to the answers, as they were.
            let prepared = prepared.clone();
            let meta = meta.clone();
            let _ = prepared_arrived(state, prepared, ctx);
            if let Step::Preview { form, .. } = &mut state.step {
                form.fields[LABEL].input.set(&meta.label);
                form.fields[EFFECTIVE].input.set(&meta.effective.to_string());
                form.fields[DOC_NO].input.set(&meta.doc_no);
            }
            refresh_refusals(state, ctx);
            None
        }
        FormEvent::Submit => {
            let password = Secret(form.value(0).to_string());
            if password.0.is_empty() {
                form.error = Some(ctx.lang.pick("请输入密码", "enter your password").to_string());
                return None;
            }
            let effect = Effect::CommitImport {
                prepared: prepared.clone(),
                meta: meta.clone(),
                password,
                progress: Shared::new(Progress::new()),
            };
            if let Effect::CommitImport { progress, prepared, meta, .. } = &effect {
                let confirmed = Some(Box::new((prepared.clone(), meta.clone())));
                state.step = Step::Working { progress: progress.clone(), confirmed };
            }
            Some(effect)
        }
        FormEvent::Changed | FormEvent::Ignored => None,
    }
}

/// The check, the password or the write failed: say why, on the step where it can be fixed —
/// the password again after a refused write, the start after a file that could not be read.
fn import_refused(state: &mut AdminState, message: String) {
    let confirmed = match &mut state.step {
        Step::Working { confirmed, .. } => confirmed.take(),
        _ => None,
    };
    let Some(confirmed) = confirmed else {
        state.step = Step::Home;
        state.message = Some(message);
        return;
    };
    let (prepared, meta) = *confirmed;
    let mut form = password_form();
    form.error = Some(message);
    state.step = Step::Confirm { prepared, meta, form };
    state.message = None;
}

fn password_form() -> Form {
    Form::new(vec![FormField::masked(("管理员密码", "Admin password"))])
}

#[cfg(test)]
mod tests;
