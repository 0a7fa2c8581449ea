//! The whole TUI state ([`App`]), the [`Action`]s that change it and the [`Effect`]s it asks the
//! event loop to perform. [`update`] only changes state: it never reads the database or the
//! terminal, so every behaviour can be tested on a state built in a test.

use super::keys::{Context, KeyMap};
use super::screens::admin::{self, picker::Entry, AdminState};
use super::screens::case_file::{self, CaseFileState};
use super::screens::cases::CasesState;
use super::screens::catalog::{self, CatalogState, Focus};
use super::screens::login::{self, DemoAccount, LockedBy, LoginState};
use super::screens::patrols::{PatrolLine, PatrolsState};
use super::screens::stats::{self, StatsData, StatsState};
use super::screens::task::{self, TaskState};
use super::screens::tickets::{self, TicketsState};
use super::screens::work_list;
use super::theme::Theme;
use crate::screens::documents::{DocEffect, DocumentsState};
use chrono::NaiveDate;
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::sync::Arc;
use zhifa_app::catalog_update::{Prepared, Progress};
use zhifa_app::command::{Command, Recorded, Refusal};
use zhifa_app::worklist::{Attention, CaseLine, CaseView};
use zhifa_catalog::search::{Learned, SearchIndex};
use zhifa_core::domain::catalog::CatalogItem;
use zhifa_core::domain::diff::CatalogDiff;
use zhifa_core::domain::officer::{Officer, Team};
use zhifa_core::domain::org::Grid;
use zhifa_core::domain::patrol::Reinspection;
use zhifa_core::domain::ticket::Ticket;
use zhifa_core::domain::version::statuses_on;
use zhifa_core::domain::version::{CatalogVersion, VersionId, VersionStatus};
use zhifa_core::i18n::Lang;
use zhifa_store::NewVersion;

/// Everything that can happen: keys (through the key table), mouse, and results of effects.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    ToggleHelp,
    NextTab,
    PrevTab,
    Insert(char),
    Backspace,
    DeleteWord,
    ClearInput,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    /// Mouse wheel over this pane: moves it without changing focus.
    ScrollUp(Focus),
    ScrollDown(Focus),
    FocusSearch,
    SwitchPane,
    Open,
    Back,
    CycleType,
    CycleDomain,
    CycleDepartment,
    CycleTeam,
    ClearFilters,
    OpenVersions,
    /// A left click at this cell.
    Click {
        column: u16,
        row: u16,
    },
    /// The terminal's size, at start and on every resize.
    Resize(u16, u16),
    /// Hand the terminal over: back to the login, work kept for the same officer (Ctrl-L, idle).
    Lock,
    /// 法规检索: open the law search.
    OpenLawSearch,
    /// The articles found for a law search (its words, the hits, how many matched).
    LawsFound {
        query: String,
        found: Vec<zhifa_law::view::FoundArticle>,
        total: usize,
    },
    /// 投诉: work out which catalog items the selected complaint concerns and whose it is.
    RouteTicket,
    /// A complaint routed (its id and what routing found).
    TicketRouted(Box<(i64, zhifa_app::worklist::Routed)>),
    /// 投诉: act on the suggestion shown (the transfer or the assignment it says, filled in).
    AcceptRoute,
    /// The time in China, told by the loop with every key.
    Clock(chrono::NaiveDateTime),
    /// A background push to the centre ended (docs/CENTRAL.md).
    Synced(SyncShown),
    /// 投诉: take in the complaints the centre dispatched to this station.
    TakeDispatched,
    /// The store accepted a login (or created the first admin and logged them in).
    LoggedIn(Box<Officer>),
    /// The store refused a login, with the reason to show.
    LoginRefused(String),
    ItemLoaded(Box<CatalogItem>),
    /// An officer's choice of an item after a search was recorded (the station's learned
    /// choices as they are now), or not (`None`: not this role's to teach, or the write failed).
    ChoiceRecorded {
        code: String,
        learned: Option<Arc<Learned>>,
    },
    VersionLoaded(Box<LoadedCatalog>),
    Failed(String),
    /// Admin: begin loading a catalog update.
    StartImport,
    /// A folder's entries for the file picker.
    DirListed {
        dir: PathBuf,
        entries: Result<Vec<Entry>, String>,
    },
    /// The chosen file, read and checked (nothing written).
    Prepared(Shared<Prepared>),
    /// Reading, the password or the write failed; nothing was written.
    ImportRefused(String),
    /// The new version is written; every version as stored now.
    Imported {
        version: Box<CatalogVersion>,
        versions: Vec<CatalogVersion>,
    },
    /// The background sync took in versions published at the centre (docs/CENTRAL.md); every
    /// version as stored now.
    VersionsArrived(Vec<CatalogVersion>),
    /// The background sync took in calendar years published at the centre: the station's
    /// working-day calendar as stored now, and the years (with their publication) taken in.
    CalendarsArrived {
        calendar: zhifa_core::calendar::WorkCalendar,
        years: Vec<(i32, i32)>,
    },
    /// The background sync did not take in these publications (catalog versions, calendar
    /// years), each briefly with why: said on the status line once, until what is refused changes.
    PublicationsRefused(Vec<zhifa_sync::Refused>),
    /// Quit even though work would be lost (answer to the question).
    ConfirmQuit,
    /// In the versions list: compare the selected version with the one before it.
    CompareVersions,
    /// Read the work lists again (cases and the attention counts).
    Refresh,
    /// Cases with their clocks, and the counts, as the store has them now.
    WorkLoaded {
        cases: Vec<CaseLine>,
        tickets: Vec<Ticket>,
        patrols: Vec<PatrolLine>,
        /// Orders to correct whose re-inspection is due soon or overdue.
        reinspections: Vec<Reinspection>,
        attention: Attention,
    },
    DiffLoaded(Box<VersionDiff>),
    /// Open the tab's new-record form.
    New,
    /// Cases: the next view (all, mine, my team, the leader's desk).
    CycleView,
    /// Admin: add a street team / a grid.
    AddTeam,
    AddGrid,
    /// Admin tab: unlock an account locked by failed logins (team leaders and admins).
    Unlock,
    /// The teams and grids as stored now, and the accounts locked.
    OrgLoaded {
        teams: Vec<Team>,
        grids: Vec<Grid>,
        locked: Vec<Officer>,
    },
    /// The store's answer to a work form: what was recorded, or why nothing was.
    Recorded(Result<Recorded, Refusal>),
    /// A case read in full for its case file.
    CaseFileLoaded(Box<CaseFileState>),
    /// 统计: the period before / after the one shown, the next kind of period, the next grouping.
    StatsEarlier,
    StatsLater,
    StatsPeriodKind,
    StatsGroupBy,
    /// 统计: this station's figures / every station's at the centre.
    StatsScope,
    /// The report of the period shown, as the store (or the centre) has it now.
    StatsLoaded(Box<StatsData>),
    /// The report asked for could not be read: what was asked, and why (in the interface's
    /// language).
    StatsFailed(crate::screens::stats::Asked, String),
    /// The records behind a figure (its measure's key), read when it was opened.
    StatsRecords(String, Vec<zhifa_core::report::RecordId>),
    /// Cases: the selected case's documents (执法文书).
    OpenDocuments,
    /// Documents: write the selected one as PDF / write and print it.
    WriteDocument,
    PrintDocument,
    /// The documents overlay as read from the store.
    DocumentsLoaded(Box<DocumentsState>),
    /// Item detail or case file: the next / previous cited provision.
    NextCitation,
    PrevCitation,
    /// Show the selected cited provision's article (法条) over the screen.
    ShowArticle,
    /// The article as read from the loaded law texts, or why there is none.
    ArticleLoaded(Box<zhifa_law::view::ArticleView>),
    /// A document previewed, or written (the line to show), or why not.
    DocumentDone(Result<DocumentOutcome, String>),
}

/// What a document effect gave, for the overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentOutcome {
    Preview(Vec<String>),
    Written(String),
}

impl Action {
    /// Whether this edits the text field that has the keyboard (the field decides how).
    pub fn is_editing(&self) -> bool {
        matches!(
            self,
            Action::Insert(_)
                | Action::Backspace
                | Action::DeleteWord
                | Action::ClearInput
                | Action::CursorLeft
                | Action::CursorRight
                | Action::CursorHome
                | Action::CursorEnd
        )
    }
}

/// Work for the event loop: the only way the TUI reaches the store. One is made per key that
/// asks for work and consumed at once, so a large `Record` (a command carrying a whole proposed
/// penalty) costs nothing worth a box, and tests match its command directly.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Take in the complaints dispatched at the centre, as the officer logged in.
    TakeDispatched,
    LoadItem {
        version: VersionId,
        code: String,
    },
    /// Remember that the officer opened `code` after searching `query` (search learns it).
    RecordChoice {
        query: String,
        code: String,
    },
    LoadVersion(VersionId),
    /// Check a password with the store (which counts failures and locks).
    Login {
        badge: String,
        password: Secret,
    },
    /// Create the first admin account as the OS user, then log in as it.
    CreateFirstAdmin {
        badge: String,
        name: String,
        password: Secret,
    },
    ListDir(PathBuf),
    /// Read the cases and the attention counts.
    LoadWork,
    /// Read one case in full (items, parties, steps, the evidence of its finding).
    LoadCaseFile(i64),
    /// Read the teams and grids (the admin tab).
    LoadOrg,
    /// Search the law texts in force on `on` for `query`.
    SearchLaws {
        query: String,
        on: NaiveDate,
    },
    /// Route complaint `id` on the catalog in force.
    RouteTicket(i64),
    /// Read the report of a period (the 统计 tab).
    LoadStats {
        period: zhifa_core::report::Period,
        by: zhifa_core::report::GroupBy,
        scope: crate::screens::stats::Scope,
    },
    /// Read the records behind one figure of that report (Enter on the 统计 tab).
    LoadStatsRecords {
        period: zhifa_core::report::Period,
        by: zhifa_core::report::GroupBy,
        measure: String,
    },
    /// The differences between two stored versions.
    DiffVersions {
        from: VersionId,
        to: VersionId,
    },
    /// Read and check a catalog file in the background; writes nothing.
    PrepareImport {
        path: PathBuf,
        progress: Shared<Progress>,
    },
    /// Record work (a patrol, finding, case step, ticket…) as the logged-in officer.
    Record(Command),
    /// Read a case's documents for the overlay.
    LoadDocuments {
        case_id: i64,
        case_number: String,
    },
    /// Preview, or write (issuing first) and maybe print, a document.
    Document(DocEffect),
    /// Read the article a provision cites, in the law version in force on `on`.
    ShowArticle {
        provision: zhifa_core::domain::catalog::Provision,
        on: NaiveDate,
    },
    /// Confirm the logged-in admin's password, then write the version in the background.
    CommitImport {
        prepared: Shared<Prepared>,
        meta: NewVersion,
        password: Secret,
        progress: Shared<Progress>,
    },
}

/// A value shared with a background job (progress) or too large to copy (a read file). Equal
/// only to itself: two reads of the same file are two different results.
pub struct Shared<T>(pub Arc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        Shared(Arc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Eq for Shared<T> {}

impl<T> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shared<{}>", std::any::type_name::<T>())
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// A password on its way to the store: never printed, not even in a debug dump or a panic.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Whether the terminal is waiting for a login or someone is working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    Login(Box<LoginState>),
    Open,
}

/// A version with its search index, built once when the version is opened.
pub struct LoadedCatalog {
    pub version: CatalogVersion,
    pub index: SearchIndex,
}

impl std::fmt::Debug for LoadedCatalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LoadedCatalog({}, {} items)", self.version.label, self.index.len())
    }
}

impl PartialEq for LoadedCatalog {
    /// Versions are immutable, so the same version id means the same items.
    fn eq(&self, other: &Self) -> bool {
        self.version.id == other.version.id
    }
}

/// Actions are cloned out of the key table; a loaded catalog travels in an action only from the
/// loop to `update`, by move, so this rebuild is never on a hot path.
impl Clone for LoadedCatalog {
    fn clone(&self) -> Self {
        LoadedCatalog {
            version: self.version.clone(),
            index: SearchIndex::build(self.index.docs().to_vec())
                .with_lexicon(self.index.lexicon().clone())
                .with_learned(self.index.learned().clone()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Catalog,
    Patrol,
    Cases,
    Complaints,
    Statistics,
    Admin,
}

impl Tab {
    pub const ALL: [Tab; 6] =
        [Tab::Catalog, Tab::Patrol, Tab::Cases, Tab::Complaints, Tab::Statistics, Tab::Admin];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Tab::Catalog => lang.pick("目录", "Catalog"),
            Tab::Patrol => lang.pick("巡查", "Patrol"),
            Tab::Cases => lang.pick("案件", "Cases"),
            Tab::Complaints => lang.pick("投诉", "Complaints"),
            Tab::Statistics => lang.pick("统计", "Statistics"),
            Tab::Admin => lang.pick("管理", "Admin"),
        }
    }

    fn position(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    fn shifted(self, step: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        let i = (self.position() as isize + step).rem_euclid(n);
        Tab::ALL[i as usize]
    }
}

/// What is drawn over the screen, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    /// The help, scrolled by this many lines.
    Help(u16),
    /// The versions list with this row selected.
    Versions(usize),
    /// "Work would be lost: quit anyway?"
    ConfirmQuit,
    /// The comparison of two versions ([`App::diff`]), scrolled this far.
    Diff(u16),
    /// A case's documents ([`App::documents`]).
    Documents,
    /// A cited article ([`App::article`]), scrolled this far.
    Article(u16),
    /// 法规检索 ([`App::law_search`]).
    LawSearch,
}

/// Two versions compared: what the newer added, changed and removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionDiff {
    pub from: String,
    pub to: String,
    pub diff: CatalogDiff,
}

pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    /// The key table in use (defaults plus the config file's `[keys]`).
    pub keys: KeyMap,
    pub tab: Tab,
    pub overlay: Overlay,
    pub gate: Gate,
    /// The officer logged in; `None` while the login shows. The event loop holds their store
    /// identity and drops it as soon as this is `None`.
    pub session: Option<Officer>,
    /// Shown on the login of the demo database only.
    pub demo_accounts: Vec<DemoAccount>,
    /// The bureau's teams, to name an officer's team.
    pub teams: Vec<Team>,
    /// Overdue and due-soon work, for the status line.
    pub attention: Attention,
    /// Every version, oldest first, with its status today.
    pub versions: Vec<CatalogVersion>,
    pub statuses: Vec<VersionStatus>,
    pub catalog: CatalogState,
    pub admin: AdminState,
    pub cases: CasesState,
    /// Every case as last read; [`App::cases`] shows those [`App::case_view`] lets through.
    pub all_cases: Vec<CaseLine>,
    pub case_view: CaseView,
    pub tickets: TicketsState,
    pub patrols: PatrolsState,
    /// The 统计 tab.
    pub stats: StatsState,
    /// Orders to correct whose re-inspection is due soon or overdue.
    pub reinspections: Vec<Reinspection>,
    /// Every grid, for the admin tab.
    pub grids: Vec<Grid>,
    /// Accounts locked by failed logins, for the admin tab (a team leader unlocks them there).
    pub locked: Vec<Officer>,
    /// The work form open over the tab, if any.
    pub task: Option<TaskState>,
    /// The case file open on the 案件 tab, if any.
    pub case_file: Option<CaseFileState>,
    /// The case whose file was asked for (Enter) and is being read.
    pub opening_case: Option<i64>,
    /// The last comparison of two versions, shown in [`Overlay::Diff`].
    pub diff: Option<VersionDiff>,
    /// The documents of a case, shown in [`Overlay::Documents`].
    pub documents: Option<DocumentsState>,
    /// 法规检索: the words and the articles found, kept while an article is read.
    pub law_search: Option<crate::screens::law_search::LawSearchState>,
    /// The cited article shown in [`Overlay::Article`].
    pub article: Option<zhifa_law::view::ArticleView>,
    /// The day the clock says it is (statuses, effective-date checks).
    pub today: NaiveDate,
    /// The time in China when the last key was read (what forms default to).
    pub now: Option<chrono::NaiveDateTime>,
    /// The working-day calendar and the approvals of `[casework]`: what the case menu judges
    /// its steps by.
    pub calendar: zhifa_core::calendar::WorkCalendar,
    pub authority: zhifa_core::domain::case::Authority,
    /// The terminal's size as last reported (update needs it to bound scrolling).
    pub size: Rect,
    /// The last problem to report in the status line.
    pub message: Option<String>,
    /// What the last work form recorded, confirmed in the status line.
    pub notice: Option<String>,
    /// What the start-up check of the records found: shown over the top line of every screen,
    /// the login included, for as long as the program runs.
    pub records_alarm: Option<String>,
    /// A record just made on a work tab (the tab, its id): selected when the lists are read
    /// again; a complaint taken in is routed then too.
    pub made: Option<(Tab, i64)>,
    /// The last complaint routed (its id and what routing found), shown in its detail.
    pub ticket_route: Option<(i64, zhifa_app::worklist::Routed)>,
    /// The last background push to the centre, when this station has one.
    pub sync: Option<SyncShown>,
    pub quit: bool,
}

/// What the status line says of the last push to the centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncShown {
    /// When it ended, hours and minutes in China.
    pub at: String,
    /// Events written here and not yet at the centre.
    pub waiting: i64,
    /// Why it failed, if it did (the status line says only that it did; `zhifa sync` says why).
    pub failure: Option<String>,
    /// Complaints the centre dispatched to this station, waiting to be taken in (c on 投诉).
    pub tickets: i64,
}

impl App {
    /// An app showing the login, with `loaded` open in the catalog screen behind it.
    pub fn new(
        lang: Lang,
        versions: Vec<CatalogVersion>,
        statuses: Vec<VersionStatus>,
        loaded: LoadedCatalog,
    ) -> App {
        App {
            lang,
            theme: Theme::default(),
            keys: KeyMap::default(),
            tab: Tab::Catalog,
            overlay: Overlay::None,
            gate: Gate::Login(Box::new(LoginState::login())),
            session: None,
            demo_accounts: Vec::new(),
            teams: Vec::new(),
            attention: Attention::default(),
            versions,
            statuses,
            catalog: CatalogState::new(loaded),
            admin: AdminState::default(),
            cases: CasesState::default(),
            all_cases: Vec::new(),
            case_view: CaseView::default(),
            tickets: TicketsState::default(),
            patrols: PatrolsState::default(),
            stats: StatsState::default(),
            reinspections: Vec::new(),
            grids: Vec::new(),
            locked: Vec::new(),
            task: None,
            case_file: None,
            opening_case: None,
            diff: None,
            documents: None,
            article: None,
            today: NaiveDate::MIN,
            now: None,
            calendar: zhifa_core::calendar::WorkCalendar::default(),
            authority: zhifa_core::domain::case::Authority::default(),
            size: Rect::default(),
            message: None,
            notice: None,
            records_alarm: None,
            sync: None,
            ticket_route: None,
            law_search: None,
            made: None,
            quit: false,
        }
    }

    /// The version in force today, if any.
    pub fn in_force(&self) -> Option<&CatalogVersion> {
        let i = self.statuses.iter().position(|s| *s == VersionStatus::InForce)?;
        self.versions.get(i)
    }

    /// Today's status of the version the catalog screen shows.
    pub fn viewed_status(&self) -> Option<VersionStatus> {
        let i = self.versions.iter().position(|v| v.id == self.catalog.version.id)?;
        self.statuses.get(i).copied()
    }

    /// The key table contexts that apply now, most specific first.
    pub fn key_contexts(&self) -> Vec<Context> {
        if let Gate::Login(_) = self.gate {
            return vec![Context::Form, Context::Global];
        }
        let specific = match (self.overlay, self.tab) {
            (Overlay::Help(_), _) => Some(Context::Help),
            (Overlay::Versions(_), _) => Some(Context::Versions),
            (Overlay::Diff(_), _) => Some(Context::Report),
            (Overlay::Article(_), _) => Some(Context::Article),
            (Overlay::LawSearch, _) => return vec![Context::Form, Context::Global],
            (Overlay::Documents, _) => return vec![Context::Documents, Context::Global],
            (Overlay::ConfirmQuit, _) => return vec![Context::ConfirmQuit, Context::Global],
            (Overlay::None, _) if self.task.is_some() => {
                return vec![Context::Form, Context::Global]
            }
            (Overlay::None, Tab::Admin) => return self.admin_contexts(),
            (Overlay::None, Tab::Patrol | Tab::Cases | Tab::Complaints) => Some(Context::Work),
            (Overlay::None, Tab::Statistics) => Some(Context::Stats),
            (Overlay::None, Tab::Catalog) => match self.catalog.focus {
                Focus::Input => return vec![Context::Input, Context::Global],
                Focus::List => Some(Context::List),
                Focus::Detail => Some(Context::Detail),
            },
        };
        specific.into_iter().chain([Context::Browse, Context::Global]).collect()
    }
}

impl App {
    fn admin_contexts(&self) -> Vec<Context> {
        use admin::Step;
        match self.admin.step {
            _ if self.admin.is_typing() => vec![Context::Form, Context::Global],
            Step::Report { .. } => vec![Context::Report, Context::Browse, Context::Global],
            Step::Working { .. } => vec![Context::Global],
            Step::Home | Step::Done(_) => vec![Context::Admin, Context::Browse, Context::Global],
            Step::Pick(_) | Step::Preview { .. } | Step::Confirm { .. } => vec![Context::Global],
        }
    }

    /// Whether idling should lock: someone is logged in, or something typed waits at the login
    /// (a password, or a badge whose password the next person would type).
    pub fn lockable(&self) -> bool {
        match &self.gate {
            Gate::Open => self.session.is_some(),
            Gate::Login(state) => state.has_typing(),
        }
    }

    /// Whether quitting now would throw away something typed or checked.
    pub fn has_unsaved_work(&self) -> bool {
        self.admin.has_unsaved_work() || self.task.is_some()
    }
}

pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let effect = dispatch(app, action);
    let screen = super::frame::body_area(app.size);
    catalog::clamp_detail_scroll(&mut app.catalog, screen, app.lang);
    effect
}

fn dispatch(app: &mut App, action: Action) -> Option<Effect> {
    match action {
        Action::Resize(width, height) => app.size = Rect::new(0, 0, width, height),
        Action::Quit if app.has_unsaved_work() && app.overlay != Overlay::ConfirmQuit => {
            app.overlay = Overlay::ConfirmQuit
        }
        Action::Quit | Action::ConfirmQuit => app.quit = true,
        Action::Back if app.overlay == Overlay::ConfirmQuit => app.overlay = Overlay::None,
        Action::Lock => lock(app),
        Action::Synced(shown) => app.sync = Some(shown),
        Action::Clock(now) => app.now = Some(now),
        Action::TicketRouted(routed) => app.ticket_route = Some(*routed),
        Action::OpenLawSearch if app.session.is_some() && app.overlay == Overlay::None => {
            app.law_search = Some(Default::default());
            app.overlay = Overlay::LawSearch;
        }
        Action::LawsFound { query, found, total } => {
            if let Some(state) = app.law_search.as_mut() {
                crate::screens::law_search::found(state, query, found, total);
            }
        }
        Action::LoggedIn(officer) => {
            logged_in(app, *officer);
            // The counts of overdue work are read once someone is there to see them.
            return Some(Effect::LoadWork);
        }
        Action::LoginRefused(message) => {
            if let Gate::Login(state) = &mut app.gate {
                state.refused(message);
            }
        }
        // Background results land even while the terminal is locked.
        Action::Imported { version, versions } => return imported(app, version, versions),
        Action::VersionsArrived(versions) => return versions_arrived(app, versions),
        Action::CalendarsArrived { calendar, years } => calendars_arrived(app, calendar, &years),
        Action::PublicationsRefused(refused) => publications_refused(app, &refused),
        action @ (Action::Prepared(_) | Action::ImportRefused(_) | Action::DirListed { .. }) => {
            return update_admin(app, action)
        }
        Action::ChoiceRecorded { code, learned } => {
            return catalog::choice_recorded(&mut app.catalog, code, learned)
        }
        other if app.gate != Gate::Open => return update_gate(app, other),
        Action::Click { column, row } => return click(app, column, row),
        Action::ToggleHelp => app.overlay = toggled_help(app.overlay),
        Action::NextTab => return switch_tab(app, 1),
        Action::PrevTab => return switch_tab(app, -1),
        Action::WorkLoaded { cases, tickets, patrols, reinspections, attention } => {
            app.reinspections = reinspections;
            app.patrols.replace(patrols);
            app.all_cases = cases;
            show_cases(app);
            app.tickets.replace(tickets::arranged(tickets, app.today));
            app.attention = attention;
            // The record just made is selected; a complaint just taken in is routed at once.
            match app.made.take() {
                Some((Tab::Patrol, id)) => app.patrols.select_key(id),
                Some((Tab::Cases, id)) => app.cases.select_key(id),
                Some((Tab::Complaints, id)) => {
                    app.tickets.select_key(id);
                    return Some(Effect::RouteTicket(id));
                }
                _ => {}
            }
            // An open case file is read again with the lists (a step was just recorded).
            return app.case_file.as_ref().map(|file| Effect::LoadCaseFile(file.id()));
        }
        Action::CaseFileLoaded(loaded) => {
            let mut loaded = *loaded;
            // Read again for the file open, or opened as asked; a file closed meanwhile stays
            // closed.
            if let Some(open) = app.case_file.as_ref().filter(|f| f.id() == loaded.id()) {
                loaded.scroll = open.scroll;
                app.case_file = Some(loaded);
            } else if app.opening_case == Some(loaded.id()) {
                app.opening_case = None;
                app.case_file = Some(loaded);
            }
        }
        Action::Failed(message) => {
            app.message = Some(message);
            catalog::load_failed(&mut app.catalog);
        }
        Action::VersionLoaded(loaded) => {
            app.message = None;
            app.catalog = app.catalog.replaced_by(*loaded);
        }
        Action::Recorded(result) => return recorded(app, result),
        Action::OrgLoaded { teams, grids, locked } => {
            app.teams = teams;
            app.grids = grids;
            app.locked = locked;
        }
        Action::DiffLoaded(diff) => {
            app.diff = Some(*diff);
            app.overlay = Overlay::Diff(0);
        }
        Action::ArticleLoaded(view) => {
            app.article = Some(*view);
            app.overlay = Overlay::Article(0);
        }
        Action::ShowArticle if app.overlay == Overlay::None => return show_article(app),
        Action::DocumentsLoaded(state) => {
            app.documents = Some(*state);
            app.overlay = Overlay::Documents;
        }
        Action::DocumentDone(result) => {
            if let Some(state) = app.documents.as_mut() {
                match result {
                    Ok(DocumentOutcome::Preview(lines)) => state.preview = Some((lines, 0)),
                    Ok(DocumentOutcome::Written(line)) => state.message = Some((true, line)),
                    Err(why) => state.message = Some((false, why)),
                }
            }
        }
        // The report lands whichever tab is shown by then.
        Action::StatsLoaded(data) => {
            return stats::update(&mut app.stats, Action::StatsLoaded(data), app.today)
        }
        Action::StatsRecords(key, records) => {
            return stats::update(&mut app.stats, Action::StatsRecords(key, records), app.today)
        }
        Action::StatsFailed(asked, why) => {
            return stats::update(&mut app.stats, Action::StatsFailed(asked, why), app.today)
        }
        Action::OpenVersions if app.tab == Tab::Catalog => {
            app.overlay = Overlay::Versions(viewed_version_row(app));
        }
        other => return update_overlay_or_screen(app, other),
    }
    None
}

/// Everything but the catalog loads that finish in the background goes to the login form.
fn update_gate(app: &mut App, action: Action) -> Option<Effect> {
    match (&mut app.gate, action) {
        (_, Action::VersionLoaded(loaded)) => app.catalog = app.catalog.replaced_by(*loaded),
        (_, Action::Failed(message)) => app.message = Some(message),
        (Gate::Login(state), action) => return login::update(state, action, app.lang),
        (Gate::Open, _) => {}
    }
    None
}

fn update_admin(app: &mut App, action: Action) -> Option<Effect> {
    let ctx = admin::Context {
        officer: app.session.as_ref(),
        versions: &app.versions,
        today: app.today,
        lang: app.lang,
    };
    admin::update(&mut app.admin, action, &ctx)
}

/// A new version is stored: the lists learn it, and the catalog screen moves to it if it is
/// now the one in force (it may also be scheduled for later).
fn imported(
    app: &mut App,
    version: Box<CatalogVersion>,
    versions: Vec<CatalogVersion>,
) -> Option<Effect> {
    let id = version.id;
    app.statuses = statuses_on(&versions, app.today);
    app.versions = versions;
    update_admin(app, Action::Imported { version, versions: Vec::new() });
    let in_force = app.in_force().map(|v| v.id);
    (in_force == Some(id) && app.catalog.version.id != id).then_some(Effect::LoadVersion(id))
}

/// Versions taken in from the centre: the lists learn them, and the catalog screen moves to the
/// version in force if it is another now (one taken in late is in force at once). The admin
/// screen's own import, if one is under way, is left to finish as it would.
fn versions_arrived(app: &mut App, versions: Vec<CatalogVersion>) -> Option<Effect> {
    // The status line says what arrived, and from when it is in force.
    let lang = app.lang;
    let arrived: Vec<String> = versions
        .iter()
        .filter(|v| app.versions.iter().all(|known| known.id != v.id))
        .map(|v| match lang {
            Lang::Zh => format!("{}（{} 起施行）", v.label, v.effective),
            Lang::En => format!("{} (in force from {})", v.label, v.effective),
        })
        .collect();
    if !arrived.is_empty() {
        let said = lang.pick("中心下发目录版本：", "Catalog versions from the centre: ");
        app.notice = Some(format!("{said}{}", lang.list(&arrived)));
    }
    app.statuses = statuses_on(&versions, app.today);
    app.versions = versions;
    let in_force = app.in_force().map(|v| v.id)?;
    (app.catalog.version.id != in_force).then_some(Effect::LoadVersion(in_force))
}

/// Deadlines are counted on the calendar taken in from now on; the status line says which years
/// arrived.
fn calendars_arrived(
    app: &mut App,
    calendar: zhifa_core::calendar::WorkCalendar,
    years: &[(i32, i32)],
) {
    app.calendar = calendar;
    let lang = app.lang;
    let arrived: Vec<String> = years
        .iter()
        .map(|(year, revision)| match lang {
            Lang::Zh => format!("{year} 年（第 {revision} 次发布）"),
            Lang::En => format!("{year} (publication {revision})"),
        })
        .collect();
    if !arrived.is_empty() {
        let said = lang.pick("中心下发工作日安排：", "Working-day calendars from the centre: ");
        app.notice = Some(format!("{said}{}", lang.list(&arrived)));
    }
}

/// The status line says, as a problem (not a ✓ notice), which publications of the centre were
/// not taken in, and where to read why (`zhifa sync` gives each reason whole).
fn publications_refused(app: &mut App, refused: &[zhifa_sync::Refused]) {
    if refused.is_empty() {
        return;
    }
    let lang = app.lang;
    let each: Vec<String> = refused.iter().map(|r| r.words(lang)).collect();
    app.message = Some(match lang {
        Lang::Zh => format!("中心下发未导入：{}（原因见 zhifa sync）", each.join("；")),
        Lang::En => {
            format!("Not taken in from the centre: {} (zhifa sync says why)", each.join("; "))
        }
    });
}

/// Clears the screen of everyone's work and shows the login; the work itself stays in memory
/// until someone logs in, so the same officer resumes it.
fn lock(app: &mut App) {
    let Some(officer) = app.session.take() else {
        // Already at the login: a login left half-typed is cleared, badge too, so the next
        // person's typing goes to no one else's account.
        if let Gate::Login(state) = &mut app.gate {
            state.start_over();
        }
        return;
    };
    let locked_by = LockedBy { badge: officer.badge, name: officer.name };
    let mut state = LoginState::locked(locked_by);
    state.demo_accounts = app.demo_accounts.clone();
    // A half-typed password does not wait in memory for whoever comes next.
    if let admin::Step::Confirm { form, .. } = &mut app.admin.step {
        form.clear(0);
    }
    app.gate = Gate::Login(Box::new(state));
    app.overlay = Overlay::None;
}

/// The same officer resumes; anyone else starts on a clean catalog screen.
fn logged_in(app: &mut App, officer: Officer) {
    let resumes = match &app.gate {
        Gate::Login(state) => state.locked_by.as_ref().is_some_and(|by| by.badge == officer.badge),
        Gate::Open => true,
    };
    if !resumes {
        app.tab = Tab::Catalog;
        app.task = None;
        app.case_file = None;
        app.opening_case = None;
        app.case_view = CaseView::All;
        app.catalog.reset();
        app.admin = AdminState::default();
        app.cases.selected = 0;
        app.tickets.selected = 0;
        app.patrols.selected = 0;
    }
    app.overlay = Overlay::None;
    app.message = None;
    app.notice = None;
    app.session = Some(officer);
    app.gate = Gate::Open;
}

/// A click on a tab switches to it; on a result it selects it, and a second click opens it.
fn click(app: &mut App, column: u16, row: u16) -> Option<Effect> {
    if app.overlay != Overlay::None {
        return None;
    }
    if row == 0 {
        return super::frame::tab_at(app.lang, column).and_then(|tab| show_tab(app, tab));
    }
    if app.tab != Tab::Catalog {
        return None;
    }
    let screen = super::frame::body_area(app.size);
    let position = ratatui::layout::Position::new(column, row);
    let index = catalog::render::hit_at(&app.catalog, screen, position)?;
    catalog::click_hit(&mut app.catalog, index)
}

fn toggled_help(overlay: Overlay) -> Overlay {
    match overlay {
        Overlay::Help(_) => Overlay::None,
        _ => Overlay::Help(0),
    }
}

fn switch_tab(app: &mut App, step: isize) -> Option<Effect> {
    show_tab(app, app.tab.shifted(step))
}

/// Shows `tab`; a work list is read afresh each time it comes into view.
fn show_tab(app: &mut App, tab: Tab) -> Option<Effect> {
    app.tab = tab;
    app.notice = None;
    app.overlay = Overlay::None;
    match tab {
        Tab::Patrol | Tab::Cases | Tab::Complaints => Some(Effect::LoadWork),
        Tab::Admin => Some(Effect::LoadOrg),
        Tab::Statistics => app.stats.load(app.today),
        _ => None,
    }
}

/// The documents overlay: its own update; results of its effects come back as actions.
fn update_documents(app: &mut App, action: Action) -> Option<Effect> {
    use crate::screens::documents::{update, DocAction, DocEffect};
    let state = app.documents.as_mut()?;
    let doc_action = match action {
        Action::Up => DocAction::Up,
        Action::Down => DocAction::Down,
        Action::Open => DocAction::Preview,
        Action::WriteDocument => DocAction::Write,
        Action::PrintDocument => DocAction::Print,
        Action::Back => DocAction::Back,
        _ => return None,
    };
    match update(state, doc_action, app.lang)? {
        DocEffect::Close => {
            app.overlay = Overlay::None;
            app.documents = None;
            None
        }
        effect => Some(Effect::Document(effect)),
    }
}

/// The article of the provision selected in the item detail (as in force today) or in the case
/// file (as in force on the day of the act, APL art. 37).
fn show_article(app: &mut App) -> Option<Effect> {
    if app.task.is_some() {
        return None;
    }
    match app.tab {
        Tab::Catalog => {
            let provision = catalog::selected_provision(&app.catalog)?;
            Some(Effect::ShowArticle { provision, on: app.today })
        }
        Tab::Cases => {
            let file = app.case_file.as_ref()?;
            let provision = file.selected_provision()?;
            Some(Effect::ShowArticle { provision, on: file.line.case.state.act_on })
        }
        _ => None,
    }
}

fn viewed_version_row(app: &App) -> usize {
    let viewed = app.catalog.version.id;
    app.versions.iter().position(|v| v.id == viewed).unwrap_or(0)
}

fn update_overlay_or_screen(app: &mut App, action: Action) -> Option<Effect> {
    match app.overlay {
        Overlay::Help(scroll) => {
            let lines = crate::frame::help_lines(app).len();
            app.overlay = update_help(scroll, action, lines, help_page(app.size));
            None
        }
        Overlay::Versions(row) => update_versions(app, row, action),
        Overlay::ConfirmQuit => None,
        Overlay::Diff(scroll) => {
            app.overlay = match action {
                Action::Back => Overlay::Versions(viewed_version_row(app)),
                other => Overlay::Diff(admin::scrolled(scroll, &other)),
            };
            None
        }
        Overlay::Documents => update_documents(app, action),
        Overlay::Article(scroll) => {
            app.overlay = match action {
                // Back to the search the article was opened from, if it was.
                Action::Back if app.law_search.is_some() => {
                    app.article = None;
                    Overlay::LawSearch
                }
                Action::Back => {
                    app.article = None;
                    Overlay::None
                }
                other => Overlay::Article(admin::scrolled(scroll, &other)),
            };
            None
        }
        Overlay::LawSearch => update_law_search(app, action),
        Overlay::None if app.task.is_some() => update_task(app, action),
        Overlay::None if app.tab == Tab::Cases && app.case_file.is_some() => {
            update_case_file(app, action)
        }
        Overlay::None if app.tab == Tab::Cases && action == Action::Open => {
            // Enter on a case opens its file; the steps are offered from there.
            let id = app.cases.selected_item()?.case.id;
            app.opening_case = Some(id);
            Some(Effect::LoadCaseFile(id))
        }
        Overlay::None if app.tab == Tab::Cases && action == Action::OpenDocuments => {
            let line = app.cases.selected_item()?;
            let case_number = line.case.number.clone().unwrap_or_else(|| line.case.id.to_string());
            Some(Effect::LoadDocuments { case_id: line.case.id, case_number })
        }
        Overlay::None if app.tab == Tab::Complaints && action == Action::RouteTicket => {
            Some(Effect::RouteTicket(app.tickets.selected_item()?.id))
        }
        Overlay::None if app.tab == Tab::Complaints && action == Action::AcceptRoute => {
            accept_route(app);
            None
        }
        Overlay::None if app.tab == Tab::Catalog => catalog::update(&mut app.catalog, action),
        Overlay::None if is_work_tab(app.tab) && matches!(action, Action::New | Action::Open) => {
            // A form the officer's role could never submit is not opened to be filled in vain.
            if let Some(refusal) = (action == Action::New).then(|| new_refused(app)).flatten() {
                app.message = Some(refusal);
                return None;
            }
            app.task = work_form(app, &action);
            None
        }
        Overlay::None
            if app.tab == Tab::Admin && matches!(action, Action::AddTeam | Action::AddGrid) =>
        {
            // A form the role could never submit is not opened to be filled in vain.
            let refused = app.session.as_ref().and_then(|officer| {
                not_allowed(officer, zhifa_core::domain::officer::Operation::ManageTeams, app.lang)
            });
            if refused.is_some() {
                app.message = refused;
                return None;
            }
            let adding_team = action == Action::AddTeam;
            app.task = Some(if adding_team {
                task::forms::team_form()
            } else {
                task::forms::grid_form(app)
            });
            None
        }
        Overlay::None if app.tab == Tab::Admin && action == Action::Unlock => {
            app.message = unlock_refused(app);
            if app.message.is_none() {
                app.task = Some(task::forms::unlock_form(&app.locked));
            }
            None
        }
        Overlay::None if app.tab == Tab::Admin => update_admin(app, action),
        Overlay::None if app.tab == Tab::Cases && action == Action::CycleView => {
            let approves = app.session.as_ref().is_some_and(|o| {
                zhifa_core::domain::officer::may(
                    o.role,
                    zhifa_core::domain::officer::Operation::ApproveCase,
                )
            });
            app.case_view = app.case_view.next(approves);
            show_cases(app);
            None
        }
        Overlay::None if app.tab == Tab::Cases => work_list::update(&mut app.cases, action),
        Overlay::None if app.tab == Tab::Complaints && action == Action::TakeDispatched => {
            app.message = take_dispatched_refused(app);
            app.message.is_none().then_some(Effect::TakeDispatched)
        }
        Overlay::None if app.tab == Tab::Complaints => work_list::update(&mut app.tickets, action),
        Overlay::None if app.tab == Tab::Patrol => work_list::update(&mut app.patrols, action),
        Overlay::None if app.tab == Tab::Statistics => {
            stats::update(&mut app.stats, action, app.today)
        }
        Overlay::None => None,
    }
}

/// The case file: Esc closes it, Enter offers the steps (the menu beside the file), the rest
/// scrolls.
fn update_case_file(app: &mut App, action: Action) -> Option<Effect> {
    match action {
        Action::Back => {
            app.case_file = None;
            app.opening_case = None;
        }
        Action::Open => {
            let (officer, file) = (app.session.as_ref()?, app.case_file.as_ref()?);
            let rules = task::Rules { calendar: &app.calendar, authority: &app.authority };
            let entries = task::case_menu(&file.line, officer, app.today, &rules, app.lang);
            app.task = task::menu(entries, app.lang);
        }
        Action::Refresh => return app.case_file.as_ref().map(|f| Effect::LoadCaseFile(f.id())),
        // The case's documents (执法文书) from its file too.
        Action::OpenDocuments => {
            let case = &app.case_file.as_ref()?.line.case;
            let case_number = case.number.clone().unwrap_or_else(|| case.id.to_string());
            return Some(Effect::LoadDocuments { case_id: case.id, case_number });
        }
        other => {
            if let Some(file) = app.case_file.as_mut() {
                case_file::update(file, &other);
            }
        }
    }
    None
}

/// The cases the chosen view lets through, for the officer logged in.
fn show_cases(app: &mut App) {
    let (badge, team) =
        app.session.as_ref().map_or((String::new(), None), |o| (o.badge.clone(), o.team.clone()));
    let view = app.case_view;
    let shown =
        app.all_cases.iter().filter(|l| view.shows(l, &badge, team.as_deref())).cloned().collect();
    app.cases.replace(shown);
}

fn is_work_tab(tab: Tab) -> bool {
    matches!(tab, Tab::Patrol | Tab::Cases | Tab::Complaints)
}

/// The new-record form of the tab (`n`), or the menu of the selected record (Enter).
fn work_form(app: &App, action: &Action) -> Option<TaskState> {
    let officer = app.session.as_ref()?;
    let ctx = task_ctx(app, officer);
    if *action == Action::New {
        return Some(match app.tab {
            Tab::Patrol => task::forms::plan_form(&ctx, None),
            Tab::Cases => task::forms::case_form(task::forms::CaseDraft::default(), false, &ctx),
            _ => task::forms::ticket_form(app.lang),
        });
    }
    let entries = match app.tab {
        Tab::Patrol => task::patrol_menu(app.patrols.selected_item()?, officer, app.today),
        // A case's steps are offered from its case file (`update_case_file`).
        Tab::Cases => return None,
        _ => task::ticket_menu(app.tickets.selected_item()?, officer, app.today),
    };
    task::menu(entries, app.lang)
}

fn update_law_search(app: &mut App, action: Action) -> Option<Effect> {
    use crate::screens::law_search::{self, Outcome};
    let state = app.law_search.get_or_insert_with(Default::default);
    match law_search::update(state, action) {
        Outcome::Stay => None,
        Outcome::Close => {
            app.law_search = None;
            app.overlay = Overlay::None;
            None
        }
        Outcome::Search(query) => Some(Effect::SearchLaws { query, on: app.today }),
        Outcome::Show(at) => {
            app.article = state.found.get(at).map(|f| f.view.clone());
            if app.article.is_some() {
                app.overlay = Overlay::Article(0);
            }
            None
        }
    }
}

/// Opens the form the suggestion shown for the selected complaint leads to: the transfer filled
/// in with the department or authority and why, or the assignment to the team whose item it is;
/// or says why there is nothing to accept.
fn accept_route(app: &mut App) {
    use zhifa_core::domain::officer::Operation;
    use zhifa_intake::routing::Route;
    let (Some(officer), Some(ticket)) = (app.session.as_ref(), app.tickets.selected_item()) else {
        return;
    };
    let Some((_, routed)) = app.ticket_route.as_ref().filter(|(id, _)| *id == ticket.id) else {
        app.message =
            Some(app.lang.pick("先按 s 查看归属建议", "press s for a suggestion first").into());
        return;
    };
    let id = ticket.id;
    let name_of = |code: &str| routed.items.iter().find(|s| s.code == code).map(|s| s.name.clone());
    let (form, op) = match &routed.route {
        Route::Transfer { department, code } => {
            let reason = format!(
                "不在本中队的实施范围内：{}（{code}）由{department}实施",
                name_of(code).unwrap_or_default()
            );
            (task::forms::transfer_form(id, department, &reason), Operation::HandleTickets)
        }
        Route::Elsewhere { authority, because } => {
            let reason = format!("不属综合行政执法职责（{because}）");
            (task::forms::transfer_form(id, authority, &reason), Operation::HandleTickets)
        }
        Route::Ours { .. } => {
            let team = routed.team.as_ref().map(|t| t.code.as_str());
            let ctx = task_ctx(app, officer);
            (task::forms::assign_form(id, team, &ctx), Operation::AssignWork)
        }
        Route::NoMatch => {
            let text = app.lang.pick(
                "目录中没有相符的事项：没有可采纳的建议，请人工判断",
                "no catalog item matches: nothing to accept, decide by hand",
            );
            app.message = Some(text.into());
            return;
        }
    };
    match not_allowed(officer, op, app.lang) {
        Some(refusal) => app.message = Some(refusal),
        None => app.task = Some(form),
    }
}

/// Why the officer may not make the tab's new record (`n`), said as the store would say it
/// when the form was submitted; `None` when they may.
fn new_refused(app: &App) -> Option<String> {
    use zhifa_core::domain::officer::Operation;
    let officer = app.session.as_ref()?;
    let op = match app.tab {
        Tab::Patrol => Operation::AssignWork,
        Tab::Cases => Operation::EditCaseRecords,
        _ => Operation::HandleTickets,
    };
    not_allowed(officer, op, app.lang)
}

/// Why `c` on 投诉 takes nothing in: a role that may not, or nothing waits at the centre.
fn take_dispatched_refused(app: &App) -> Option<String> {
    let officer = app.session.as_ref()?;
    if let Some(refusal) =
        not_allowed(officer, zhifa_core::domain::officer::Operation::HandleTickets, app.lang)
    {
        return Some(refusal);
    }
    let waiting = app.sync.as_ref().map_or(0, |s| s.tickets);
    (waiting == 0).then(|| {
        app.lang
            .pick(
                "中心没有派发给本站的待接收投诉。",
                "No complaints from the centre wait for this station.",
            )
            .to_string()
    })
}

/// Why `u` on the admin tab opens nothing: a role that may not unlock, or no account locked.
fn unlock_refused(app: &App) -> Option<String> {
    let officer = app.session.as_ref()?;
    if let Some(refusal) =
        not_allowed(officer, zhifa_core::domain::officer::Operation::UnlockOfficer, app.lang)
    {
        return Some(refusal);
    }
    app.locked
        .is_empty()
        .then(|| app.lang.pick("没有被锁定的账号。", "No account is locked.").to_string())
}

/// The store's refusal, in its words, of `op` by `officer`'s role; `None` when the role may.
fn not_allowed(
    officer: &Officer,
    op: zhifa_core::domain::officer::Operation,
    lang: Lang,
) -> Option<String> {
    if zhifa_core::domain::officer::may(officer.role, op) {
        return None;
    }
    let who = format!("{}（{}）", officer.name, officer.badge);
    let refusal = zhifa_store::AccessError::NotAllowed { who, role: officer.role, op };
    Some(zhifa_app::messages::store_error(&zhifa_store::StoreError::Access(refusal), lang))
}

fn task_ctx<'a>(app: &'a App, officer: &'a Officer) -> task::Ctx<'a> {
    task::Ctx {
        officer,
        today: app.today,
        now: app.now,
        teams: &app.teams,
        index: &app.catalog.index,
        tickets: &app.tickets.items,
        reinspections: &app.reinspections,
        locked: &app.locked,
        lang: app.lang,
    }
}

fn update_task(app: &mut App, action: Action) -> Option<Effect> {
    let (Some(mut task), Some(officer)) = (app.task.take(), app.session.as_ref()) else {
        return None;
    };
    let outcome = task::update(&mut task, action, &task_ctx(app, officer));
    match outcome {
        task::Outcome::Stay => app.task = Some(task),
        task::Outcome::Close => {}
        task::Outcome::Replace(next) => app.task = Some(*next),
        task::Outcome::Submit(command) => {
            task.busy = true;
            app.task = Some(task);
            return Some(Effect::Record(*command));
        }
    }
    None
}

/// The store's answer: a refusal goes back into the form; success closes it (or opens the case
/// form a finding leads to) and the lists are read again.
fn recorded(app: &mut App, result: Result<Recorded, Refusal>) -> Option<Effect> {
    match result {
        Err(refusal) => match &mut app.task {
            Some(task) => task::refused(task, refusal.message, refusal.field),
            None => app.message = Some(refusal.message),
        },
        Ok(done) => {
            let follow = app.session.as_ref().zip(app.task.as_ref()).and_then(|(officer, task)| {
                task::follow_up(task, done.finding, &task_ctx(app, officer))
            });
            app.task = follow;
            app.message = None;
            app.notice = Some(done.message);
            app.made = done.created.map(|id| (app.tab, id));
            return Some(if app.tab == Tab::Admin { Effect::LoadOrg } else { Effect::LoadWork });
        }
    }
    None
}

/// Lines of help one screen shows: the terminal less the tab bar, the status line and the
/// overlay's border.
pub fn help_page(size: Rect) -> u16 {
    size.height.saturating_sub(5).max(1)
}

/// Scrolls the help within its `lines`, a line or a `page` at a time; the top line never passes
/// the last page, so scrolling back up answers at once.
fn update_help(scroll: u16, action: Action, lines: usize, page: u16) -> Overlay {
    let last = u16::try_from(lines).unwrap_or(u16::MAX).saturating_sub(page);
    let to = match action {
        Action::Up | Action::ScrollUp(_) => scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown(_) => scroll.saturating_add(1),
        Action::PageUp => scroll.saturating_sub(page),
        Action::PageDown => scroll.saturating_add(page),
        Action::First => 0,
        Action::Last => last,
        Action::Back => return Overlay::None,
        _ => scroll,
    };
    Overlay::Help(to.min(last))
}

fn update_versions(app: &mut App, row: usize, action: Action) -> Option<Effect> {
    let last = app.versions.len().saturating_sub(1);
    match action {
        Action::Up | Action::ScrollUp(_) => app.overlay = Overlay::Versions(row.saturating_sub(1)),
        Action::Down | Action::ScrollDown(_) => {
            app.overlay = Overlay::Versions((row + 1).min(last))
        }
        Action::Back => app.overlay = Overlay::None,
        Action::Open => {
            app.overlay = Overlay::None;
            let id = app.versions.get(row)?.id;
            return (id != app.catalog.version.id).then_some(Effect::LoadVersion(id));
        }
        // The first version has nothing before it to compare with.
        Action::CompareVersions if row > 0 => {
            let (from, to) = (app.versions.get(row - 1)?.id, app.versions.get(row)?.id);
            return Some(Effect::DiffVersions { from, to });
        }
        _ => {}
    }
    None
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod article_tests;
