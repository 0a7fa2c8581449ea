//! The gate in front of everything: the login (执法证号, then password or PIN) and, on a database
//! with no admin yet, the creation of the first admin account. A locked terminal shows the same
//! screen naming who locked it.
//!
//! `update` only checks what can be checked without the database (empty fields, two different
//! passwords, the password policy) and then asks the loop to log in through an [`Effect`]; the
//! store decides, counts failures and locks accounts.

pub mod render;

use crate::app::{Action, Effect, Secret};
use crate::form::{Form, FormEvent, FormField};
use zhifa_app::messages;
use zhifa_core::domain::officer::{check_password, Role};
use zhifa_core::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No admin exists: the only thing this database can do is create one.
    FirstAdmin,
    Login,
}

/// Who locked the terminal: they resume where they were, anyone else starts afresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedBy {
    pub badge: String,
    pub name: String,
}

/// A demo account shown on the login screen of the demo database (never on a real one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub badge: String,
    pub name: String,
    pub role: Role,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginState {
    pub mode: Mode,
    pub form: Form,
    pub locked_by: Option<LockedBy>,
    pub demo_accounts: Vec<DemoAccount>,
}

const BADGE: usize = 0;
/// Login: the password field.
const PASSWORD: usize = 1;
/// First admin: name, password, password again.
const NAME: usize = 1;
const NEW_PASSWORD: usize = 2;
const AGAIN: usize = 3;

impl LoginState {
    pub fn login() -> LoginState {
        let form = Form::new(vec![
            FormField::text(("执法证号", "Badge no."), ""),
            FormField::masked(("密码/PIN", "Password/PIN")),
        ]);
        LoginState { mode: Mode::Login, form, locked_by: None, demo_accounts: Vec::new() }
    }

    pub fn first_admin() -> LoginState {
        let form = Form::new(vec![
            FormField::text(("执法证号", "Badge no."), ""),
            FormField::text(("姓名", "Name"), ""),
            FormField::masked(("密码", "Password")),
            FormField::masked(("再次输入", "Again")),
        ]);
        LoginState { mode: Mode::FirstAdmin, form, locked_by: None, demo_accounts: Vec::new() }
    }

    /// The login of a terminal that `locked_by` left. It starts empty, on the badge: whoever
    /// comes types their own badge and password, so nobody's typing is charged to the officer
    /// who left (a prefilled badge made a colleague's badge and PIN two failed logins of theirs).
    /// The officer who left resumes by logging in as themselves.
    pub fn locked(locked_by: LockedBy) -> LoginState {
        LoginState { locked_by: Some(locked_by), ..LoginState::login() }
    }

    /// Whether anything at all is typed (a badge waiting for its password counts: the next
    /// person's PIN would go to it).
    pub fn has_typing(&self) -> bool {
        (0..self.form.fields.len()).any(|i| !self.form.value(i).is_empty())
    }

    /// Every field emptied and the badge focused: the next person starts from the beginning.
    pub fn start_over(&mut self) {
        for i in 0..self.form.fields.len() {
            self.form.clear(i);
        }
        self.form.focus_on(BADGE);
        self.form.error = None;
    }

    /// The store refused: say why, and clear what must be typed again.
    pub fn refused(&mut self, message: String) {
        self.form.error = Some(message);
        match self.mode {
            Mode::Login => {
                self.form.clear(PASSWORD);
                self.form.focus_on(PASSWORD);
            }
            Mode::FirstAdmin => {
                self.form.clear(NEW_PASSWORD);
                self.form.clear(AGAIN);
                self.form.focus_on(NEW_PASSWORD);
            }
        }
    }
}

pub fn update(state: &mut LoginState, action: Action, lang: Lang) -> Option<Effect> {
    match state.form.update(&action) {
        FormEvent::Submit => submit(state, lang),
        FormEvent::Cancel => {
            // Esc starts the form over: a half-typed password never waits for the next person.
            state.start_over();
            None
        }
        FormEvent::Changed | FormEvent::Ignored => None,
    }
}

fn submit(state: &mut LoginState, lang: Lang) -> Option<Effect> {
    let result = match state.mode {
        Mode::Login => login_effect(&state.form, lang),
        Mode::FirstAdmin => first_admin_effect(&state.form, lang),
    };
    match result {
        Ok(effect) => Some(effect),
        Err((field, message)) => {
            state.form.error = Some(message);
            state.form.focus_on(field);
            None
        }
    }
}

/// A refusal before asking the store: which field to fix and why.
type Refusal = (usize, String);

fn login_effect(form: &Form, lang: Lang) -> Result<Effect, Refusal> {
    let badge = required(form, BADGE, lang.pick("请输入执法证号", "enter your badge number"))?;
    required(form, PASSWORD, lang.pick("请输入密码或 PIN 码", "enter your password or PIN"))?;
    Ok(Effect::Login { badge, password: Secret(form.value(PASSWORD).to_string()) })
}

fn first_admin_effect(form: &Form, lang: Lang) -> Result<Effect, Refusal> {
    let badge = required(form, BADGE, lang.pick("请输入执法证号", "enter a badge number"))?;
    let name = required(form, NAME, lang.pick("请输入姓名", "enter a name"))?;
    let password = form.value(NEW_PASSWORD);
    if let Err(policy) = check_password(Role::Admin, password) {
        return Err((NEW_PASSWORD, messages::policy_error(&policy, lang)));
    }
    if form.value(AGAIN) != password {
        let message = lang.pick("两次输入的密码不一致", "the two passwords differ");
        return Err((AGAIN, message.to_string()));
    }
    Ok(Effect::CreateFirstAdmin { badge, name, password: Secret(password.to_string()) })
}

/// The trimmed text of a field that must not be empty.
fn required(form: &Form, field: usize, message: &str) -> Result<String, Refusal> {
    let value = form.value(field).trim();
    if value.is_empty() {
        return Err((field, message.to_string()));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests;
