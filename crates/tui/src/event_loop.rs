//! The one loop: draw → read an event → update → perform effects (feeding their results back as
//! actions) → repeat until the app asks to quit.
//!
//! [`Session`] owns the terminal. Leaving raw mode, the alternate screen and mouse capture happens
//! in its `Drop`, so it runs on every exit path: a normal quit, an error returned with `?`, and a
//! panic (ratatui's panic hook restores first so the message is readable; ours adds mouse capture).

use super::app::{update, Action, App, Effect, Secret, Shared, VersionDiff};
use super::screens::admin::picker;
use super::screens::case_file::CaseFileState;
use super::screens::catalog::render::pane_at;
use super::screens::stats::{self, Scope};
use super::work::Desk;
use super::{frame, load_catalog, Station};
use anyhow::Result;
use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseButton, MouseEventKind,
};
use crossterm::execute;
use ratatui::layout::Position;
use ratatui::DefaultTerminal;
use std::io::stdout;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::{Duration, Instant};
use zhifa_app::catalog_update::{self, Prepared, Progress};
use zhifa_app::command::{execute, Command, Desk as CommandDesk, Recorded, Refusal};
use zhifa_app::messages;
use zhifa_core::domain::diff::diff_catalogs;
use zhifa_core::domain::officer::{NewOfficer, Role};
use zhifa_core::domain::version::CatalogVersion;
use zhifa_core::domain::version::VersionId;
use zhifa_core::i18n::Lang;
use zhifa_core::report::{GroupBy, Period};
use zhifa_store::NewVersion;
use zhifa_store::{Identity, Store};

/// How often the loop looks at background work while some is running.
const BACKGROUND_POLL: Duration = Duration::from_millis(50);
/// How long the loop sleeps with nothing to wait for (it wakes on any key anyway).
const IDLE_POLL: Duration = Duration::from_secs(1);

/// Runs the interface until the user quits; `first` is performed before the first key (the
/// catalog load behind the login).
pub fn run(
    app: &mut App,
    store: &mut Store,
    station: &Station,
    first: Option<Effect>,
) -> Result<()> {
    let mut session = Session::start()?;
    let size = session.terminal.size()?;
    let (sender, results) = channel();
    let synced = sync_in_background(station);
    let mut worker = Worker { store, station, identity: None, sender, running: 0 };
    update(app, Action::Resize(size.width, size.height));
    if let Some(effect) = first {
        worker.follow(app, Some(effect));
    }
    let mut last_key = Instant::now();
    let mut dirty = true;
    while !app.quit {
        if dirty {
            session.terminal.draw(|f| frame::render(f, app))?;
        }
        dirty = false;
        if event::poll(poll_timeout(app, station, last_key, worker.running))? {
            last_key = Instant::now();
            dirty = true;
            let now = station.clock.now().with_timezone(&zhifa_core::clock::CHINA).naive_local();
            worker.apply(app, Action::Clock(now));
            if let Some(action) = translate(app, event::read()?) {
                worker.apply(app, action);
            }
        }
        // A running job moves its progress bar: redraw at each look.
        dirty |= worker.collect(app, &results) || worker.running > 0;
        while let Some(action) = synced.as_ref().and_then(|r| r.try_recv().ok()) {
            worker.apply(app, action);
            dirty = true;
        }
        if idle_expired(app, station, last_key) {
            worker.apply(app, Action::Lock);
            dirty = true;
        }
    }
    Ok(())
}

/// Pushes this station's events to its centre every few seconds on a thread of its own, with
/// its own connections, for as long as the loop runs (the thread ends at its first report
/// after the loop dropped the receiver). `None` without a centre.
fn sync_in_background(station: &Station) -> Option<Receiver<Action>> {
    let link = station.central.clone()?;
    let (sender, received) = channel();
    let (clock, lang) = (station.clock, station.lang);
    std::thread::spawn(move || {
        // What the last round did not take in: said again only when it changes.
        let mut last_refused = Vec::new();
        let publishers = &link.publishers;
        zhifa_sync::watch(&link.db, &link.url, link.every, clock, lang, publishers, |round| {
            let at = round.at.with_timezone(&zhifa_core::clock::CHINA).format("%H:%M").to_string();
            let shown = match round.outcome {
                Ok(pushed) => {
                    // Versions the city published, taken in: the lists learn them.
                    if !pushed.catalogs.taken_in.is_empty() {
                        let versions = pushed.catalogs.versions.clone();
                        if sender.send(Action::VersionsArrived(versions)).is_err() {
                            return false;
                        }
                    }
                    // Calendar years: deadlines are counted on them from now on.
                    if let Some(calendar) = pushed.calendars.calendar.clone() {
                        let years = pushed
                            .calendars
                            .taken_in
                            .iter()
                            .map(|t| (t.year, t.revision))
                            .collect();
                        if sender.send(Action::CalendarsArrived { calendar, years }).is_err() {
                            return false;
                        }
                    }
                    let refused = pushed.refused();
                    if refused != last_refused {
                        last_refused = refused.clone();
                        if sender.send(Action::PublicationsRefused(refused)).is_err() {
                            return false;
                        }
                    }
                    super::app::SyncShown {
                        at,
                        waiting: pushed.waiting,
                        failure: None,
                        tickets: pushed.tickets_waiting,
                    }
                }
                Err(why) => {
                    super::app::SyncShown { at, waiting: 0, failure: Some(why), tickets: 0 }
                }
            };
            sender.send(Action::Synced(shown)).is_ok()
        })
    });
    Some(received)
}

/// Until the next thing the loop must do without a key: look at background work, or lock.
fn poll_timeout(app: &App, station: &Station, last_key: Instant, running: usize) -> Duration {
    let mut timeout = if running > 0 { BACKGROUND_POLL } else { IDLE_POLL };
    if let (true, Some(after)) = (app.lockable(), station.config.lock_after()) {
        timeout = timeout.min(after.saturating_sub(last_key.elapsed()));
    }
    timeout
}

fn idle_expired(app: &App, station: &Station, last_key: Instant) -> bool {
    let Some(after) = station.config.lock_after() else { return false };
    app.lockable() && last_key.elapsed() >= after
}

/// The article a provision cites, read from the law texts loaded (a few dozen small texts,
/// parsed in milliseconds; read on Enter, never per keystroke).
fn show_article(
    store: &Store,
    provision: &zhifa_core::domain::catalog::Provision,
    on: chrono::NaiveDate,
    app: &App,
) -> Action {
    match store.law_library() {
        Ok(library) => Action::ArticleLoaded(Box::new(zhifa_law::view::article_view(
            &library, provision, on, app.lang,
        ))),
        Err(e) => Action::Failed(e.to_string()),
    }
}

/// Performs effects: quick ones at once, slow ones (loading a catalog) on a thread of their own
/// with their own connection, whose results come back through a channel as actions.
struct Worker<'a> {
    store: &'a mut Store,
    station: &'a Station,
    /// The logged-in officer's store identity; dropped the moment the app has no session.
    identity: Option<Identity>,
    sender: Sender<Action>,
    /// Background jobs not yet reported.
    running: usize,
}

impl Worker<'_> {
    fn apply(&mut self, app: &mut App, action: Action) {
        let effect = update(app, action);
        self.follow(app, effect);
    }

    /// Performs `effect` and every effect its result leads to.
    fn follow(&mut self, app: &mut App, mut next: Option<Effect>) {
        self.forget_if_locked(app);
        while let Some(effect) = next {
            let Some(result) = self.perform(effect, app) else { break };
            next = update(app, result);
            self.forget_if_locked(app);
        }
    }

    fn forget_if_locked(&mut self, app: &App) {
        if app.session.is_none() {
            self.identity = None;
        }
    }

    /// Feeds finished background work to the app; whether anything arrived.
    fn collect(&mut self, app: &mut App, results: &Receiver<Action>) -> bool {
        let mut any = false;
        while let Ok(action) = results.try_recv() {
            self.running = self.running.saturating_sub(1);
            self.apply(app, action);
            any = true;
        }
        any
    }

    /// The action that reports `effect`'s outcome, or `None` when it runs in the background.
    fn perform(&mut self, effect: Effect, app: &App) -> Option<Action> {
        match effect {
            Effect::LoadItem { version, code } => Some(load_item(self.store, version, code)),
            Effect::RecordChoice { query, code } => Some(self.record_choice(&query, code)),
            Effect::LoadVersion(id) => {
                let Some(version) = app.versions.iter().find(|v| v.id == id).cloned() else {
                    return Some(Action::Failed(format!("version {} vanished", id.0)));
                };
                self.load_version(version)
            }
            Effect::Login { badge, password } => Some(self.login(&badge, &password, app)),
            Effect::CreateFirstAdmin { badge, name, password } => {
                Some(self.create_first_admin(badge, name, &password, app))
            }
            Effect::DiffVersions { from, to } => {
                Some(diff_versions(self.store, from, to, &app.versions))
            }
            Effect::LoadWork => Some(self.load_work()),
            Effect::LoadCaseFile(id) => Some(self.load_case_file(id)),
            Effect::RouteTicket(id) => Some(self.route_ticket(id, app)),
            Effect::SearchLaws { query, on } => Some(match self.store.law_library() {
                Ok(library) => {
                    let (found, total) =
                        zhifa_law::view::found_articles(&library, &query, on, 100, app.lang);
                    Action::LawsFound { query, found, total }
                }
                Err(e) => Action::Failed(messages::store_error(&e, app.lang)),
            }),
            Effect::Record(command) => Some(self.record(command, app)),
            Effect::LoadOrg => Some(self.load_org()),
            Effect::LoadDocuments { case_id, case_number } => {
                Some(self.load_documents(case_id, case_number, app))
            }
            Effect::Document(effect) => Some(self.document(&effect, app)),
            Effect::ShowArticle { provision, on } => {
                Some(show_article(self.store, &provision, on, app))
            }
            Effect::LoadStats { period, by, scope: Scope::Station } => {
                Some(stats::load(self.store, period, by, self.station.clock.today()))
            }
            Effect::LoadStats { period, by, scope: Scope::Centre } => {
                self.stats_at_centre(period, by, app.lang)
            }
            Effect::LoadStatsRecords { period, by, measure } => Some(stats::load_records(
                self.store,
                period,
                by,
                self.station.clock.today(),
                measure,
            )),
            Effect::ListDir(dir) => {
                let entries = picker::read_dir(&dir);
                Some(Action::DirListed { dir, entries })
            }
            Effect::PrepareImport { path, progress } => self.prepare_import(path, progress, app),
            Effect::TakeDispatched => self.take_dispatched(app),
            Effect::CommitImport { prepared, meta, password, progress } => {
                self.commit_import(prepared, meta, &password, progress, app)
            }
        }
    }

    /// Runs `job` with its own connection on a thread of its own when the database is a file
    /// (always, outside tests), else here and now.
    fn in_background(
        &mut self,
        job: impl FnOnce(&mut Store) -> Action + Send + 'static,
    ) -> Option<Action> {
        let Some(path) = self.store.path().map(PathBuf::from) else {
            return Some(job(self.store));
        };
        self.on_a_thread(move || match Store::open(&path) {
            Ok(mut store) => job(&mut store),
            Err(error) => Action::ImportRefused(error.to_string()),
        });
        None
    }

    /// Runs `job` on a thread of its own; its action comes back through the loop's channel.
    fn on_a_thread(&mut self, job: impl FnOnce() -> Action + Send + 'static) {
        let sender = self.sender.clone();
        self.running += 1;
        std::thread::spawn(move || {
            // The loop may have quit meanwhile; then nobody needs the result.
            let _ = sender.send(job());
        });
    }

    fn prepare_import(
        &mut self,
        path: PathBuf,
        progress: Shared<Progress>,
        app: &App,
    ) -> Option<Action> {
        let (today, lang) = (self.station.clock.today(), app.lang);
        self.in_background(move |store| {
            match catalog_update::prepare(store, &path, today, &progress) {
                Ok(prepared) => Action::Prepared(Shared::new(prepared)),
                Err(error) => Action::ImportRefused(prepare_message(&error, lang)),
            }
        })
    }

    /// The 统计 tab's figures over every station, read at the centre on a thread of their own
    /// (it is across a network; the tab says it is counting meanwhile).
    fn stats_at_centre(&mut self, period: Period, by: GroupBy, lang: Lang) -> Option<Action> {
        let Some(link) = self.station.central.clone() else {
            let why = lang
                .pick("本站未配置中心（[central] url）", "no centre configured ([central] url)");
            let asked = stats::Asked { period, by, scope: Scope::Centre };
            return Some(Action::StatsFailed(asked, why.to_string()));
        };
        let today = self.station.clock.today();
        // The station's file is not read: only the centre's answer comes back.
        self.on_a_thread(move || stats::load_at_centre(&link.url, period, by, today, lang));
        None
    }

    /// The complaints dispatched at the centre, taken in on a thread of their own (the centre is
    /// across a network) as the officer logged in; the result comes back as what was recorded.
    fn take_dispatched(&mut self, app: &App) -> Option<Action> {
        let lang = app.lang;
        let (Some(who), Some(link)) = (self.identity.clone(), self.station.central.clone()) else {
            return Some(Action::Recorded(Err(Refusal::not_logged_in(lang))));
        };
        let now = self.station.clock.now();
        let periods = self.station.config.casework.ticket_periods();
        self.in_background(move |store| {
            let pulled = zhifa_sync::central::Centre::connect(&link.url)
                .map_err(zhifa_sync::SyncError::from)
                .and_then(|mut centre| {
                    zhifa_sync::pull_tickets(store, &who, &mut centre, now, periods)
                });
            Action::Recorded(match pulled {
                Ok(pulled) => Ok(Recorded {
                    message: match lang {
                        Lang::Zh => format!("已接收中心派发的投诉 {} 件", pulled.taken_in.len()),
                        Lang::En => format!(
                            "took in {} complaints dispatched by the centre",
                            pulled.taken_in.len()
                        ),
                    },
                    finding: None,
                    created: None,
                }),
                Err(error) => Err(Refusal::storage(error.message(lang))),
            })
        })
    }

    /// The password is checked here (a wrong one counts like any failed login); the write,
    /// the slow part, runs in the background as the identity that proved itself.
    fn commit_import(
        &mut self,
        prepared: Shared<Prepared>,
        meta: NewVersion,
        password: &Secret,
        progress: Shared<Progress>,
        app: &App,
    ) -> Option<Action> {
        let Some(badge) = app.session.as_ref().map(|o| o.badge.clone()) else {
            return Some(Action::ImportRefused("not logged in".into()));
        };
        let now = self.station.clock.now();
        let who = match self.store.authenticate(&self.station.origin, now, &badge, &password.0) {
            Ok(who) => who,
            Err(error) => {
                return Some(Action::ImportRefused(messages::confirm_error(&error, app.lang)))
            }
        };
        let (today, lang) = (self.station.clock.today(), app.lang);
        self.in_background(move |store| {
            let written =
                catalog_update::commit(store, &who, now, today, &prepared, &meta, &progress)
                    .map_err(|error| commit_message(&error, lang))
                    .and_then(|version| {
                        let versions = store.catalog_versions().map_err(|e| e.to_string())?;
                        Ok((version, versions))
                    });
            match written {
                Ok((version, versions)) => {
                    Action::Imported { version: Box::new(version), versions }
                }
                Err(message) => Action::ImportRefused(message),
            }
        })
    }

    fn load_work(&self) -> Action {
        // The officer's own team (everyone's for those without one: admins, reviewers) for the
        // counts of the status line and the re-inspections to make.
        let team = self.identity.as_ref().and_then(|i| i.officer()).and_then(|o| o.team.clone());
        let periods = self.station.config.casework.ticket_periods();
        super::work::load(
            self.store,
            self.station.clock.today(),
            Desk { team: team.as_deref(), periods },
        )
    }

    /// Complaint `id` routed on the catalog in force (the index on screen when it is that
    /// version's, else one built for it), for its team or else the officer's.
    fn route_ticket(&self, id: i64, app: &App) -> Action {
        use zhifa_catalog::search::SearchIndex;
        let Some(ticket) = app.tickets.items.iter().find(|t| t.id == id) else {
            return Action::Failed(format!("#{id}"));
        };
        let team = ticket.team.clone().or_else(|| app.session.as_ref()?.team.clone());
        let routed = (|| {
            let version = self.store.version_in_force(self.station.clock.today())?;
            let built;
            let index = if app.catalog.version.id == version.id {
                &app.catalog.index
            } else {
                built = SearchIndex::build(self.store.search_docs(version.id)?)
                    .with_lexicon(self.store.search_lexicon()?);
                &built
            };
            zhifa_app::worklist::route_ticket(
                self.store,
                index,
                version.id,
                ticket,
                team.as_deref(),
            )
        })();
        match routed {
            Ok(routed) => Action::TicketRouted(Box::new((id, routed))),
            Err(error) => Action::Failed(error.message(app.lang)),
        }
    }

    /// One case in full with its clocks, and the evidence registered with its finding.
    fn load_case_file(&self, id: i64) -> Action {
        let today = self.station.clock.today();
        match zhifa_app::worklist::case_file(self.store, id, today) {
            Ok(Some((line, evidence))) => {
                Action::CaseFileLoaded(Box::new(CaseFileState::new(line, evidence)))
            }
            Ok(None) => Action::Failed(format!("#{id}")),
            Err(error) => Action::Failed(error.to_string()),
        }
    }

    /// A case's documents for the overlay (screens/documents.rs); PDFs go to `documents/` beside
    /// the database.
    fn load_documents(&self, case_id: i64, case_number: String, app: &App) -> Action {
        let lang = app.lang;
        let listing = (|| {
            let case = self.store.case(case_id)?.ok_or(zhifa_store::StoreError::Case(
                zhifa_store::CaseRefusal::NoSuchCase(case_id),
            ))?;
            let today = self.station.clock.today();
            Ok(zhifa_app::paperwork::Desk::open(
                self.store,
                case,
                &self.station.config.casework,
                today,
            )?
            .listing())
        })();
        let rows = match listing {
            Ok(rows) => rows,
            Err(error) => return Action::Failed(paper_message(&error, lang)),
        };
        let dir = self
            .store
            .path()
            .and_then(|p| p.parent())
            .map_or_else(std::env::temp_dir, PathBuf::from);
        Action::DocumentsLoaded(Box::new(crate::screens::documents::DocumentsState {
            case_id,
            case_number,
            rows,
            selected: 0,
            preview: None,
            message: None,
            printer: self.station.config.casework.printer.clone(),
            dir: dir.join("documents"),
        }))
    }

    /// Previews, or writes (issuing first) and maybe prints, as the officer logged in.
    fn document(&mut self, effect: &crate::screens::documents::DocEffect, app: &App) -> Action {
        use crate::app::DocumentOutcome;
        use crate::screens::documents::{perform, Performed};
        let lang = app.lang;
        let Some(who) = &self.identity else {
            return Action::DocumentDone(Err(lang.pick("未登录", "not logged in").into()));
        };
        let (today, now) = (self.station.clock.today(), self.station.clock.now());
        let done = perform(self.store, who, effect, &self.station.config.casework, today, now);
        Action::DocumentDone(match done {
            Ok(Some(Performed::Preview(lines))) => Ok(DocumentOutcome::Preview(lines)),
            Ok(Some(Performed::Written { path, issued_now, printed, missing })) => {
                let mut line = match (lang, issued_now) {
                    (Lang::Zh, true) => format!("已签发：{}", path.display()),
                    (Lang::Zh, false) => format!("已重印（与签发时相同）：{}", path.display()),
                    (Lang::En, true) => format!("issued: {}", path.display()),
                    (Lang::En, false) => format!("printed again (identical): {}", path.display()),
                };
                if printed {
                    line += lang.pick("；已送打印机", "; sent to the printer");
                }
                if !missing.is_empty() {
                    let chars: String = missing.iter().collect();
                    line += &match lang {
                        Lang::Zh => format!("；字库缺字（方框留空待手写）：{chars}"),
                        Lang::En => {
                            format!("; characters the font lacks (boxes to write in): {chars}")
                        }
                    };
                }
                Ok(DocumentOutcome::Written(line))
            }
            Ok(None) => Err(String::new()),
            Err(error) => Err(paper_message(&error, lang)),
        })
    }

    fn load_org(&self) -> Action {
        let org = self.store.teams().and_then(|teams| {
            let locked = self.store.officers()?.into_iter().filter(|o| o.locked && o.active);
            Ok((teams, self.store.grids(None)?, locked.collect()))
        });
        match org {
            Ok((teams, grids, locked)) => Action::OrgLoaded { teams, grids, locked },
            Err(error) => Action::Failed(error.to_string()),
        }
    }

    /// Writes what a work form recorded, as the officer logged in; no one logged in, nothing.
    fn record(&mut self, command: Command, app: &App) -> Action {
        let Some(who) = &self.identity else {
            return Action::Recorded(Err(Refusal::not_logged_in(app.lang)));
        };
        let desk = CommandDesk {
            who,
            now: self.station.clock.now(),
            config: &self.station.config,
            lang: app.lang,
        };
        Action::Recorded(execute(self.store, &desk, command))
    }

    fn load_version(&mut self, version: CatalogVersion) -> Option<Action> {
        match self.store.path() {
            Some(path) => {
                load_in_background(path.to_path_buf(), version, self.sender.clone());
                self.running += 1;
                None
            }
            None => Some(loaded_or_failed(self.store, version)),
        }
    }

    fn login(&mut self, badge: &str, password: &Secret, app: &App) -> Action {
        let now = self.station.clock.now();
        match self.store.authenticate(&self.station.origin, now, badge, &password.0) {
            Ok(identity) => self.logged_in(identity),
            Err(error) => Action::LoginRefused(messages::auth_error(&error, app.lang)),
        }
    }

    /// The OS user creates the first admin (the store refuses once one exists), who is then
    /// logged in like anyone else.
    fn create_first_admin(
        &mut self,
        badge: String,
        name: String,
        password: &Secret,
        app: &App,
    ) -> Action {
        let now = self.station.clock.now();
        let new = NewOfficer {
            badge: badge.clone(),
            name,
            role: Role::Admin,
            team: None,
            cert_expiry: None,
        };
        let created = self
            .store
            .bootstrap_identity(self.station.origin.clone())
            .and_then(|boot| self.store.add_officer(&boot, now, &new, &password.0));
        match created {
            Ok(_) => self.login(&badge, password, app),
            Err(error) => Action::LoginRefused(messages::store_error(&error, app.lang)),
        }
    }

    fn logged_in(&mut self, identity: Identity) -> Action {
        let Some(officer) = identity.officer().cloned() else {
            return Action::LoginRefused("no officer behind this identity".into());
        };
        self.identity = Some(identity);
        Action::LoggedIn(Box::new(officer))
    }
}

fn prepare_message(error: &catalog_update::PrepareError, lang: Lang) -> String {
    error.message(lang)
}

fn commit_message(error: &catalog_update::CommitError, lang: Lang) -> String {
    match error {
        catalog_update::CommitError::Store(e) => messages::store_error(e, lang),
        catalog_update::CommitError::Refused(refusal) => refusal.message(lang),
    }
}

/// Both versions' items compared (the store reads them; `diff_catalogs` is pure).
fn diff_versions(
    store: &Store,
    from: VersionId,
    to: VersionId,
    versions: &[CatalogVersion],
) -> Action {
    let label = |id: VersionId| versions.iter().find(|v| v.id == id).map(|v| v.label.clone());
    let (Some(from_label), Some(to_label)) = (label(from), label(to)) else {
        return Action::Failed("version vanished".into());
    };
    let items = store.catalog_items(from).and_then(|old| Ok((old, store.catalog_items(to)?)));
    match items {
        Ok((old, new)) => Action::DiffLoaded(Box::new(VersionDiff {
            from: from_label,
            to: to_label,
            diff: diff_catalogs(&old, &new),
        })),
        Err(error) => Action::Failed(error.to_string()),
    }
}

impl Worker<'_> {
    /// Search learns what the logged-in officer opened after which words; a role that does not
    /// record findings (an admin browsing) teaches nothing, and a failed write only means the
    /// choice is not learned.
    fn record_choice(&mut self, query: &str, code: String) -> Action {
        let now = self.station.clock.now();
        let learned = self.identity.as_ref().and_then(|who| {
            self.store.record_choice(who, now, query, &code).ok()?;
            self.store.learned_choices().ok()
        });
        Action::ChoiceRecorded { code, learned }
    }
}

fn load_item(store: &Store, version: VersionId, code: String) -> Action {
    match store.catalog_item(version, &code) {
        Ok(Some(item)) => Action::ItemLoaded(Box::new(item)),
        Ok(None) => Action::Failed(format!("{code}: not found")),
        Err(error) => Action::Failed(error.to_string()),
    }
}

fn loaded_or_failed(store: &Store, version: CatalogVersion) -> Action {
    match load_catalog(store, version) {
        Ok(loaded) => Action::VersionLoaded(Box::new(loaded)),
        Err(error) => Action::Failed(error.to_string()),
    }
}

/// Loads `version` on a thread with its own connection to the database at `path`, so the login
/// is usable while a large catalog is read; the result arrives on `sender`.
pub fn load_in_background(path: PathBuf, version: CatalogVersion, sender: Sender<Action>) {
    std::thread::spawn(move || {
        let action = match Store::open(&path) {
            Ok(store) => loaded_or_failed(&store, version),
            Err(error) => Action::Failed(error.to_string()),
        };
        // The loop may have quit meanwhile; then nobody needs the result.
        let _ = sender.send(action);
    });
}

/// The action an input event means now (keys through the key table, the wheel as scrolling).
fn translate(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) => app.keys.action_for(key, &app.key_contexts()),
        Event::Mouse(mouse) if app.session.is_some() => {
            let screen = frame::body_area(app.size);
            let position = Position::new(mouse.column, mouse.row);
            let pane = pane_at(&app.catalog, screen, position);
            match mouse.kind {
                MouseEventKind::ScrollUp => Some(Action::ScrollUp(pane)),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown(pane)),
                MouseEventKind::Down(MouseButton::Left) => {
                    Some(Action::Click { column: mouse.column, row: mouse.row })
                }
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        _ => None,
    }
}

/// The terminal in raw mode on the alternate screen with mouse capture, for as long as it lives.
struct Session {
    terminal: DefaultTerminal,
}

impl Session {
    fn start() -> Result<Session> {
        let terminal = match ratatui::try_init() {
            Ok(terminal) => terminal,
            Err(error) => {
                // try_init may fail after raw mode is already on.
                ratatui::restore();
                return Err(error.into());
            }
        };
        // Constructed before enabling the mouse, so a failure below still restores everything.
        let session = Session { terminal };
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(stdout(), DisableMouseCapture);
            previous(info);
        }));
        execute!(stdout(), EnableMouseCapture)?;
        Ok(session)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}

/// A documents refusal as the officer should read it.
fn paper_message(error: &zhifa_app::paperwork::PaperError, lang: Lang) -> String {
    use zhifa_app::paperwork::PaperError;
    match (lang, error) {
        (Lang::Zh, PaperError::Store(e)) => {
            zhifa_app::messages::store_error_zh(e).unwrap_or_else(|| e.to_string())
        }
        (Lang::Zh, other) => other.message_zh().unwrap_or_else(|| other.to_string()),
        (Lang::En, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::demo_app;
    use crate::screens::catalog::Focus;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent};

    fn wheel(kind: MouseEventKind) -> Event {
        Event::Mouse(MouseEvent { kind, column: 5, row: 5, modifiers: KeyModifiers::NONE })
    }

    #[test]
    fn wheel_scrolls_the_pane_under_the_pointer_and_keys_go_through_the_table() {
        let mut app = demo_app();
        update(&mut app, Action::Resize(100, 30));
        let list = Focus::List;
        assert_eq!(
            translate(&app, wheel(MouseEventKind::ScrollDown)),
            Some(Action::ScrollDown(list))
        );
        assert_eq!(translate(&app, wheel(MouseEventKind::ScrollUp)), Some(Action::ScrollUp(list)));
        update(&mut app, Action::Open);
        let over_detail = Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 90,
            row: 10,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(translate(&app, over_detail), Some(Action::ScrollDown(Focus::Detail)));
        assert_eq!(
            translate(&app, wheel(MouseEventKind::ScrollDown)),
            Some(Action::ScrollDown(list))
        );
        assert_eq!(translate(&app, wheel(MouseEventKind::Moved)), None);
        assert_eq!(translate(&app, Event::Resize(10, 3)), Some(Action::Resize(10, 3)));
        let q = Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
        assert_eq!(translate(&app, q.clone()), Some(Action::Quit), "the detail has the keyboard");
        update(&mut app, Action::FocusSearch);
        assert_eq!(translate(&app, q), Some(Action::Insert('q')), "the field has the keyboard");
    }
}
