//! What a station takes from the centre on its sync, besides catalogs and calendars: the accounts
//! a city admin published there for this station (`zhifa central officer add|password|
//! deactivate`, docs/CENTRAL.md "Accounts handed down"). Each badge's publications newer than
//! the one this station holds are taken in, in revision order, after their publisher's signature
//! and key are checked as a calendar's are ([`crate::publisher`]): each becomes the account event
//! it stands for, under the publisher (`centre:STATION/BADGE`), which `zhifa verify` checks from
//! the event alone. A badge this station made itself is left as it is and said (`clash`).

use super::SyncError;
use crate::central::{AccountPublication, Centre};
use crate::publisher::{signed, Claimed, Publishers, Refused, SignatureFault, Subject};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use zhifa_core::i18n::Lang;
use zhifa_store::{AccountChange, AccountTakenIn, HandedDown, Store};

/// The account publications a sync took in, and those it could not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AccountsPulled {
    pub taken_in: Vec<AccountTaken>,
    pub not_taken: Vec<AccountNotTaken>,
}

/// An account publication now held here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountTaken {
    pub badge: String,
    pub revision: i32,
    /// `add`, `password` or `deactivate`.
    pub what: String,
    pub name: Option<String>,
    pub role: Option<String>,
    pub published_by: String,
    pub published_station: String,
}

/// An account publication this station did not take in, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountNotTaken {
    pub badge: String,
    pub revision: i32,
    pub what: String,
    /// `clash`, `team`, `no_account`, `damaged`, `signature` or `last_admin`.
    pub kind: &'static str,
    /// The reason in English (`message` words it in either language).
    pub reason: String,
    #[serde(skip)]
    why: Why,
    #[serde(skip)]
    by: String,
    #[serde(skip)]
    station: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Why {
    /// This station made an account with the badge itself.
    Clash,
    /// The account's team is not at this station.
    Team(String),
    /// A change to an account this station does not hold from the centre.
    NoAccount,
    /// What the centre holds is not what was published.
    Damaged(String),
    /// Not signed by its publisher as the centre knows them.
    Signature(SignatureFault),
    /// A deactivation of the station's last active admin.
    LastAdmin,
}

impl AccountNotTaken {
    fn new(p: &AccountPublication, why: Why) -> AccountNotTaken {
        let mut not = AccountNotTaken {
            badge: p.badge.clone(),
            revision: p.revision,
            what: p.what.clone(),
            kind: match why {
                Why::Clash => "clash",
                Why::Team(_) => "team",
                Why::NoAccount => "no_account",
                Why::Damaged(_) => "damaged",
                Why::Signature(_) => "signature",
                Why::LastAdmin => "last_admin",
            },
            reason: String::new(),
            why,
            by: p.published_by.clone(),
            station: p.published_station.clone(),
        };
        not.reason = not.message(Lang::En);
        not
    }

    /// Why, in the reader's language, with what to do.
    pub fn message(&self, lang: Lang) -> String {
        let subject = self.subject();
        let badge = &self.badge;
        match (&self.why, lang) {
            (Why::Clash, Lang::Zh) => format!(
                "中心发布的{}未导入：本站已有自己建立的执法证号 {badge} 账户；本站账户保持原样，\
                 请与市局管理员核对（中心下发的账户须使用本站未用的证号）",
                subject.zh
            ),
            (Why::Clash, Lang::En) => format!(
                "{} published at the centre was not taken in: this station has an account {badge} \
                 of its own; it is left as it was: check with the city admin (an account handed \
                 down takes a badge this station does not use)",
                subject.en
            ),
            (Why::Team(team), Lang::Zh) => format!(
                "中心发布的{}未导入：本站没有中队 {team}；本站管理员添加该中队（`zhifa team add`）后，\
                 下次同步时导入",
                subject.zh
            ),
            (Why::Team(team), Lang::En) => format!(
                "{} published at the centre was not taken in: this station has no team {team}; \
                 once an admin here adds it (`zhifa team add`), the next sync takes it in",
                subject.en
            ),
            (Why::NoAccount, Lang::Zh) => format!(
                "中心发布的{}未导入：本站没有从中心导入的 {badge} 账户（其添加未导入）",
                subject.zh
            ),
            (Why::NoAccount, Lang::En) => format!(
                "{} published at the centre was not taken in: this station holds no account \
                 {badge} from the centre (its addition was not taken in)",
                subject.en
            ),
            (Why::LastAdmin, Lang::Zh) => format!(
                "中心发布的{}未导入：{badge} 是本站唯一在用的管理员，停用后本站无人能管理账户；\
                 本站另设一名管理员后，下次同步时导入",
                subject.zh
            ),
            (Why::LastAdmin, Lang::En) => format!(
                "{} published at the centre was not taken in: {badge} is this station's last \
                 active admin, and no one could manage its accounts after; once the station has \
                 another admin, the next sync takes it in",
                subject.en
            ),
            (Why::Damaged(what), _) => subject.damaged(what, lang),
            (Why::Signature(fault), _) => subject.unsigned(&self.station, &self.by, fault, lang),
        }
    }

    /// The publication, as a refusal names it.
    fn subject(&self) -> Subject {
        let (badge, revision) = (&self.badge, self.revision);
        // A change the centre's row names in no known way is shown as written there.
        let (zh, en) = match AccountChange::parse(&self.what) {
            Some(what) => (what.words(Lang::Zh).to_string(), what.words(Lang::En).to_string()),
            None => (self.what.clone(), self.what.clone()),
        };
        Subject {
            zh: format!("账户 {badge}（第 {revision} 次发布：{zh}）"),
            en: format!("the account {badge} (publication {revision}: {en})"),
            kept_zh: "账户",
            kept_en: "accounts",
        }
    }

    /// Briefly, for the interface's status line.
    pub fn brief(&self) -> Refused {
        self.subject().refused(self.kind)
    }
}

/// Takes in the account publications for this station newer than those it holds, badge by
/// badge in revision order, each in a transaction of its own. One that does not hold is
/// reported and the next is tried (a badge whose addition was not taken in: none of its later
/// ones).
pub fn pull_accounts(
    store: &mut Store,
    centre: &mut Centre,
    now: DateTime<Utc>,
    publishers: &Publishers,
) -> Result<AccountsPulled, SyncError> {
    let mut pulled = AccountsPulled::default();
    let Some(station) = store.station()? else { return Ok(pulled) };
    let mut by_badge: BTreeMap<String, Vec<AccountPublication>> = BTreeMap::new();
    for p in centre.account_publications(Some(&station.code))? {
        by_badge.entry(p.badge.clone()).or_default().push(p);
    }
    for publications in by_badge.values() {
        let held = match store.handed_down(&publications[0].badge)? {
            HandedDown::Own => {
                if let Some(latest) = publications.last() {
                    pulled.not_taken.push(AccountNotTaken::new(latest, Why::Clash));
                }
                continue;
            }
            HandedDown::Revision(revision) => revision,
            HandedDown::None => 0,
        };
        for p in publications.iter().filter(|p| p.revision > held) {
            if !take_in(store, centre, now, p, &mut pulled, publishers)? && p.revision == 1 {
                break;
            }
        }
    }
    Ok(pulled)
}

/// One publication checked and taken in; `false` when it was not (reported).
fn take_in(
    store: &mut Store,
    centre: &mut Centre,
    now: DateTime<Utc>,
    p: &AccountPublication,
    pulled: &mut AccountsPulled,
    publishers: &Publishers,
) -> Result<bool, SyncError> {
    match checked_in(store, centre, now, p, publishers)? {
        Ok(Some(taken)) => pulled.taken_in.push(taken),
        Ok(None) => {}
        Err(why) => {
            pulled.not_taken.push(AccountNotTaken::new(p, why));
            return Ok(false);
        }
    }
    Ok(true)
}

/// [`take_in`]'s work: what was taken in (`None`: held already), or why not.
fn checked_in(
    store: &mut Store,
    centre: &mut Centre,
    now: DateTime<Utc>,
    p: &AccountPublication,
    publishers: &Publishers,
) -> Result<Result<Option<AccountTaken>, Why>, SyncError> {
    let refuse = |why| Ok(Err(why));
    if !zhifa_store::publisher_is_valid(&p.published_station, &p.published_by) {
        return refuse(Why::Damaged(format!(
            "its publisher {:?} of {:?} is not a badge of a station",
            p.published_by, p.published_station
        )));
    }
    let from = match p.from_centre() {
        Ok(from) => from,
        Err(what) => return refuse(Why::Damaged(what)),
    };
    let claimed = Claimed {
        signature: Some(&p.signature),
        key: Some(&p.signing_key),
        through_seq: Some(p.through_seq),
        station: &p.published_station,
        by: &p.published_by,
    };
    let (signed, _) = match signed(centre, claimed, &from.statement(), publishers)? {
        Ok(signed) => signed,
        Err(fault) => return refuse(Why::Signature(fault)),
    };
    match store.take_in_published_account(now, &from, &signed)? {
        AccountTakenIn::New => Ok(Ok(Some(AccountTaken {
            badge: p.badge.clone(),
            revision: p.revision,
            what: p.what.clone(),
            name: p.name.clone(),
            role: p.role.clone(),
            published_by: p.published_by.clone(),
            published_station: p.published_station.clone(),
        }))),
        // Another sync of this station took it in meanwhile.
        AccountTakenIn::Held => Ok(Ok(None)),
        AccountTakenIn::Clash => refuse(Why::Clash),
        AccountTakenIn::NoTeam(team) => refuse(Why::Team(team)),
        AccountTakenIn::NoAccount => refuse(Why::NoAccount),
        AccountTakenIn::LastAdmin => refuse(Why::LastAdmin),
    }
}
