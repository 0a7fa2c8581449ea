//! The login and first-admin forms: what is checked before the store is asked, what is sent,
//! and the whole frame at the login (nothing of the catalog behind it, cursor placement, tiny
//! sizes); then locking and resuming through the app's `update`.

use super::*;
use crate::app::{update as app_update, App, Gate, Overlay, Tab};
use crate::fixtures::{demo_app, demo_app_at_login, draw, officer, screen};
use crate::screens::catalog::Focus;

fn typed(state: &mut LoginState, text: &str) {
    for c in text.chars() {
        update(state, Action::Insert(c), Lang::Zh);
    }
}

fn submit(state: &mut LoginState) -> Option<Effect> {
    update(state, Action::Open, Lang::Zh)
}

#[test]
fn badge_then_password_then_enter_asks_the_store() {
    let mut s = LoginState::login();
    typed(&mut s, " QJ1001 ");
    assert_eq!(submit(&mut s), None, "Enter on the badge moves to the password");
    assert_eq!(s.form.focus, PASSWORD);
    assert_eq!(submit(&mut s), None, "an empty password is refused here");
    assert_eq!(s.form.error.as_deref(), Some("请输入密码或 PIN 码"));
    typed(&mut s, "100100");
    let effect = submit(&mut s);
    let expected = Effect::Login { badge: "QJ1001".into(), password: Secret("100100".into()) };
    assert_eq!(effect, Some(expected));
}

#[test]
fn a_refusal_clears_the_password_and_esc_clears_everything() {
    let mut s = LoginState::login();
    typed(&mut s, "QJ1001");
    submit(&mut s);
    typed(&mut s, "999999");
    s.refused("登录失败：QJ1001 的密码错误，再错 4 次账号将被锁定".into());
    assert_eq!((s.form.value(BADGE), s.form.value(PASSWORD)), ("QJ1001", ""));
    assert_eq!(s.form.focus, PASSWORD);
    assert!(s.form.error.as_deref().is_some_and(|e| e.contains("再错 4 次")));
    typed(&mut s, "1");
    update(&mut s, Action::Back, Lang::Zh);
    assert_eq!((s.form.value(BADGE), s.form.value(PASSWORD), s.form.focus), ("", "", BADGE));
}

#[test]
fn first_admin_needs_a_policy_password_typed_twice() {
    let mut s = LoginState::first_admin();
    typed(&mut s, "QJ0001");
    s.form.focus_on(AGAIN);
    assert_eq!(submit(&mut s), None, "Enter on the last field submits");
    assert_eq!((s.form.focus, s.form.error.as_deref()), (NAME, Some("请输入姓名")));
    typed(&mut s, "林管理");
    submit(&mut s);
    typed(&mut s, "12345678");
    submit(&mut s);
    typed(&mut s, "12345678");
    assert_eq!(submit(&mut s), None, "digits only is a PIN, not an admin password");
    assert_eq!(s.form.focus, NEW_PASSWORD);
    assert!(s.form.error.as_deref().is_some_and(|e| e.contains("管理员")), "{:?}", s.form.error);
    s.form.clear(NEW_PASSWORD);
    typed(&mut s, "qingjiang-2026");
    s.form.focus_on(AGAIN);
    s.form.clear(AGAIN);
    typed(&mut s, "qingjiang-2025");
    assert_eq!(submit(&mut s), None);
    assert_eq!(s.form.error.as_deref(), Some("两次输入的密码不一致"));
    s.form.clear(AGAIN);
    typed(&mut s, "qingjiang-2026");
    let expected = Effect::CreateFirstAdmin {
        badge: "QJ0001".into(),
        name: "林管理".into(),
        password: Secret("qingjiang-2026".into()),
    };
    assert_eq!(submit(&mut s), Some(expected));
}

#[test]
fn passwords_never_show_in_debug_output() {
    let effect = Effect::Login { badge: "QJ1001".into(), password: Secret("100100".into()) };
    let dump = format!("{effect:?}");
    assert!(!dump.contains("100100") && dump.contains("QJ1001"), "{dump}");
}

fn login_state(app: &App) -> &LoginState {
    match &app.gate {
        Gate::Login(state) => state,
        Gate::Open => panic!("expected the login"),
    }
}

#[test]
fn lock_keeps_the_work_for_the_same_officer_only() {
    let mut app = demo_app();
    for c in "zydl".chars() {
        app_update(&mut app, Action::Insert(c));
    }
    app_update(&mut app, Action::Open);
    app_update(&mut app, Action::NextTab);
    app_update(&mut app, Action::Lock);
    assert_eq!(app.session, None);
    let locked = login_state(&app).locked_by.clone().expect("locked by");
    assert_eq!((locked.badge.as_str(), locked.name.as_str()), ("QJ1001", "张执法"));
    // Catalog keys do nothing at the login.
    app_update(&mut app, Action::PrevTab);
    assert_eq!(app.tab, Tab::Patrol);
    app_update(&mut app, Action::LoggedIn(Box::new(officer("QJ1001", "张执法", Role::Officer))));
    assert_eq!((app.tab, app.catalog.query.text()), (Tab::Patrol, "zydl"), "resumed");
    app_update(&mut app, Action::Lock);
    app_update(&mut app, Action::LoggedIn(Box::new(officer("QJ1002", "李执法", Role::Officer))));
    assert_eq!((app.tab, app.catalog.query.text()), (Tab::Catalog, ""), "fresh start");
    assert_eq!((app.catalog.focus, app.overlay), (Focus::Input, Overlay::None));
    assert_eq!(app.session.as_ref().map(|o| o.badge.as_str()), Some("QJ1002"));
}

#[test]
fn at_the_login_keys_go_to_the_form() {
    let mut app = demo_app_at_login();
    let effect = app_update(&mut app, Action::Insert('q'));
    assert_eq!((effect, app.quit), (None, false), "q types, it does not quit");
    assert_eq!(login_state(&app).form.value(BADGE), "q");
    app_update(&mut app, Action::LoginRefused("登录失败：没有执法证号为 q 的人员".into()));
    assert!(login_state(&app).form.error.is_some());
    app_update(&mut app, Action::Quit);
    assert!(app.quit, "Ctrl-C still quits");
}

#[test]
fn the_login_frame_hides_the_catalog_and_places_the_cursor() {
    let mut app = demo_app();
    for c in "占用".chars() {
        app_update(&mut app, Action::Insert(c));
    }
    app_update(&mut app, Action::Lock);
    assert_eq!(login_state(&app).form.value(BADGE), "", "nobody's badge is filled in");
    assert_eq!(login_state(&app).form.focus, BADGE);
    for c in "QJ".chars() {
        app_update(&mut app, Action::Insert(c));
    }
    let (buffer, cursor) = draw(&app, 100, 30);
    let text = screen(&buffer);
    assert!(text.contains("综合行政执法 · 登录"), "{text}");
    assert!(text.contains("终端已锁定（张执法，QJ1001）"), "{text}");
    assert!(!text.contains("占用"), "the query behind the lock must not show:\n{text}");
    assert!(text.contains("未登录"), "{text}");
    let (x, y) = cursor.map(|p| (p.x, p.y)).expect("cursor shown");
    let row = crate::fixtures::row(&buffer, y);
    let before: String = row.chars().take_while(|c| *c != 'Q').collect();
    // The cursor sits just after "QJ": label column + two characters.
    assert_eq!(x as usize, zhifa_core::text::width(&before) + 2, "{row}");
}

#[test]
fn first_admin_and_demo_accounts_render_in_english_and_at_tiny_sizes() {
    let mut app = demo_app_at_login();
    app.lang = Lang::En;
    let mut state = LoginState::first_admin();
    state.demo_accounts = vec![DemoAccount {
        badge: "QJ1001".into(),
        name: "张执法".into(),
        role: Role::Officer,
        password: "100100".into(),
    }];
    app.gate = Gate::Login(Box::new(state));
    let text = screen(&draw(&app, 90, 30).0);
    assert!(text.contains("create the first admin account"), "{text}");
    assert!(text.contains("Again") && text.contains("100100"), "{text}");
    for (w, h) in [(1, 1), (5, 3), (12, 4), (30, 8), (64, 10)] {
        let text = screen(&draw(&app, w, h).0);
        assert_eq!(text.lines().count(), h as usize, "{w}×{h}");
    }
}

#[test]
fn idling_at_the_login_clears_a_half_typed_password() {
    let mut app = demo_app_at_login();
    assert!(!app.lockable(), "nothing to protect yet");
    for c in "QJ1001".chars() {
        app_update(&mut app, Action::Insert(c));
    }
    app_update(&mut app, Action::Open);
    app_update(&mut app, Action::Insert('1'));
    assert!(app.lockable());
    app_update(&mut app, Action::Lock);
    assert_eq!(
        (login_state(&app).form.value(BADGE), login_state(&app).form.value(PASSWORD)),
        ("", "")
    );
    assert_eq!(login_state(&app).form.focus, BADGE, "the next person starts from the badge");
    assert!(!app.lockable());
    // A badge left waiting for its password is reason enough to lock: the next person's PIN
    // would go to it.
    for c in "QJ1001".chars() {
        app_update(&mut app, Action::Insert(c));
    }
    app_update(&mut app, Action::Open);
    assert!(app.lockable());
}

/// Ctrl-L, then the next officer types their badge and PIN as usual: the login asked for is
/// theirs, nothing is asked for the officer who left, and the screen drawn says whose turn it is.
#[test]
fn after_a_lock_the_next_officers_typing_is_their_own_login() {
    let mut app = demo_app();
    app_update(&mut app, Action::Lock);
    let mut effects = Vec::new();
    for c in "QJ1002".chars() {
        effects.extend(app_update(&mut app, Action::Insert(c)));
    }
    effects.extend(app_update(&mut app, Action::Open));
    for c in "100200".chars() {
        effects.extend(app_update(&mut app, Action::Insert(c)));
    }
    effects.extend(app_update(&mut app, Action::Open));
    let logins: Vec<String> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Login { badge, .. } => Some(badge.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(logins, ["QJ1002"], "one login, as the officer who typed: {effects:?}");
    let text = screen(&draw(&app, 100, 30).0);
    assert!(text.contains("终端已锁定（张执法，QJ1001）"), "{text}");
    assert!(text.contains("请输入本人执法证号和密码"), "{text}");
    // The officer who left resumes by typing their own badge: the work comes back.
    app_update(&mut app, Action::LoggedIn(Box::new(officer("QJ1001", "张执法", Role::Officer))));
    assert_eq!(app.session.as_ref().map(|o| o.badge.as_str()), Some("QJ1001"));
}

/// A panic message or a debug dump of the login (as `Gate` or the effect it sends) shows
/// neither the password nor the PIN typed.
#[test]
fn typed_passwords_stay_out_of_debug_dumps() {
    let mut login = LoginState::login();
    typed(&mut login, "QJ1001");
    submit(&mut login);
    typed(&mut login, "731946");
    let gate = format!("{:?} {:#?}", Gate::Login(Box::new(login.clone())), login);
    assert!(gate.contains("QJ1001") && !gate.contains("731946"), "{gate}");
    let effect = format!("{:?}", submit(&mut login));
    assert!(effect.contains("Login") && !effect.contains("731946"), "{effect}");
    let mut setup = LoginState::first_admin();
    for field in ["QJ0009", "林管理", "lin-admin-2026", "lin-admin-2026"] {
        typed(&mut setup, field);
        submit(&mut setup);
    }
    let dump = format!("{setup:?}");
    assert!(dump.contains("林管理") && !dump.contains("lin-admin"), "{dump}");
}
