//! What a station takes from the centre on its sync: the catalog versions a city admin published
//! there (`zhifa central catalog publish`, docs/CENTRAL.md). Each version this station does not
//! hold by label is read back from its canonical JSON (the SHA-256 the centre recorded checked
//! first), then written through the store as one `catalog.import` event under the publisher
//! (`centre:STATION/BADGE`), so `zhifa verify` replays it as any import. It then switches on on its
//! effective date, as any version does. A label held with other items is left as it is and said.
//!
//! Before it is taken in, a publication must be signed by its publisher ([`check_publisher`]): the
//! signature verifies over its statement, with the key that the publisher's station's account
//! events held at the centre (up to the event the publication names) give the publishing badge,
//! an admin account not deactivated by then. One that is not is reported and not taken in.

use super::SyncError;
use crate::central::{Centre, Publication};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use zhifa_core::domain::version::EffectiveDateError;
use zhifa_core::i18n::Lang;
use zhifa_store::{items_digest, FromCentre, NewVersion, Store, TakenIn};

/// The published versions a sync took in, and those it could not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CatalogsPulled {
    pub taken_in: Vec<CatalogTaken>,
    pub not_taken: Vec<CatalogNotTaken>,
    /// Every version the station holds after taking some in (empty when none was): what the
    /// interface's lists show.
    #[serde(skip)]
    pub versions: Vec<zhifa_core::domain::version::CatalogVersion>,
}

/// A published version now held here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogTaken {
    pub label: String,
    pub effective: NaiveDate,
    pub items: usize,
    pub published_by: String,
    pub published_station: String,
}

/// A published version this station did not take in, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogNotTaken {
    pub label: String,
    pub effective: NaiveDate,
    /// `differs`, `date`, `damaged` or `signature`.
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
    /// This station holds the label with other items (imported by, on).
    Differs { imported_by: String, imported_at: String },
    /// A version here starts on or after the published one's date.
    Date(EffectiveDateError),
    /// What the centre holds is not what was published (digest, or the text does not read).
    Damaged(String),
    /// Not signed by its publisher as the centre knows them.
    Signature(SignatureFault),
}

/// Why a publication is not its publisher's, as the centre holds their station's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureFault {
    /// It carries no signature (written by hand, or published before publications were signed).
    Unsigned,
    /// The signature does not verify over what it states (changed after it was signed, or not
    /// made over it).
    DoesNotVerify,
    /// The station's account events at the centre do not hold (this fault).
    Accounts(String),
    /// No account event of the station at the centre made the badge.
    NoAccount,
    /// The account had no signing key.
    NoKey,
    /// Signed with a key that is not the one the account's events give it.
    OtherKey,
    /// The account was not an admin (its role) or was deactivated.
    NotAdmin(String),
    Deactivated,
}

impl SignatureFault {
    /// The fault in the reader's language, naming the badge `by` of `station`.
    pub fn words(&self, station: &str, by: &str, lang: Lang) -> String {
        match (self, lang) {
            (SignatureFault::Unsigned, Lang::Zh) => "没有发布人的签名".into(),
            (SignatureFault::Unsigned, Lang::En) => "it carries no signature of its publisher".into(),
            (SignatureFault::DoesNotVerify, Lang::Zh) => {
                "签名与所发布的内容不符（签名后被改动，或并非对其签名）".into()
            }
            (SignatureFault::DoesNotVerify, Lang::En) => "its signature does not verify over what it states (changed after it was signed, or not signed over it)"
                .into(),
            (SignatureFault::Accounts(what), Lang::Zh) => {
                format!("中心所存站点 {station} 的账户事件不成立（{what}）")
            }
            (SignatureFault::Accounts(what), Lang::En) => {
                format!("station {station}'s account events at the centre do not hold ({what})")
            }
            (SignatureFault::NoAccount, Lang::Zh) => {
                format!("中心所存站点 {station} 的记录中没有 {by} 这个账户")
            }
            (SignatureFault::NoAccount, Lang::En) => {
                format!("station {station}'s events at the centre hold no account {by}")
            }
            (SignatureFault::NoKey, Lang::Zh) => format!("{by} 在站点 {station} 没有签名密钥"),
            (SignatureFault::NoKey, Lang::En) => {
                format!("{by} had no signing key at station {station}")
            }
            (SignatureFault::OtherKey, Lang::Zh) => {
                format!("签名所用密钥不是 {by} 在站点 {station} 的账户事件所记录的密钥")
            }
            (SignatureFault::OtherKey, Lang::En) => format!(
                "it is signed with a key that is not the one station {station}'s account events \
                 give {by}"
            ),
            (SignatureFault::NotAdmin(role), Lang::Zh) => {
                format!("{by} 在站点 {station} 不是管理员（角色 {role}）")
            }
            (SignatureFault::NotAdmin(role), Lang::En) => {
                format!("{by} was not an admin at station {station} (role {role})")
            }
            (SignatureFault::Deactivated, Lang::Zh) => {
                format!("{by} 在站点 {station} 的账户发布时已停用")
            }
            (SignatureFault::Deactivated, Lang::En) => {
                format!("{by}'s account at station {station} was deactivated when it was published")
            }
        }
    }
}

/// Whether `key` is the signing key of an active admin `badge` of `station`, as that station's
/// account events held at the centre up to its event `through_seq` give it (judged as `zhifa
/// verify` judges them: [`zhifa_store::account_standing`]).
pub fn check_publisher(
    centre: &mut Centre,
    station: &str,
    badge: &str,
    through_seq: i64,
    key: &str,
) -> Result<Result<(), SignatureFault>, SyncError> {
    let events = centre.account_events(station, through_seq)?;
    let standing = match zhifa_store::account_standing(&events, badge) {
        Ok(Some(standing)) => standing,
        Ok(None) => return Ok(Err(SignatureFault::NoAccount)),
        Err(fault) => return Ok(Err(SignatureFault::Accounts(fault.to_string()))),
    };
    Ok(match standing.key.as_deref() {
        None => Err(SignatureFault::NoKey),
        Some(held) if held != key => Err(SignatureFault::OtherKey),
        Some(_) if standing.role != "admin" => Err(SignatureFault::NotAdmin(standing.role)),
        Some(_) if !standing.active => Err(SignatureFault::Deactivated),
        Some(_) => Ok(()),
    })
}

/// The publication's signature checked ([`check_publisher`]); its signature and key if it holds.
fn signed(
    centre: &mut Centre,
    p: &Publication,
) -> Result<Result<(zhifa_store::Signed, i64), SignatureFault>, SyncError> {
    let (Some(signature), Some(key), Some(through_seq)) =
        (&p.signature, &p.signing_key, p.through_seq)
    else {
        return Ok(Err(SignatureFault::Unsigned));
    };
    if !p.statement().signed_by(key, signature) {
        return Ok(Err(SignatureFault::DoesNotVerify));
    }
    if let Err(fault) =
        check_publisher(centre, &p.published_station, &p.published_by, through_seq, key)?
    {
        return Ok(Err(fault));
    }
    Ok(Ok((zhifa_store::Signed { signature: signature.clone(), key: key.clone() }, through_seq)))
}

impl CatalogNotTaken {
    fn new(p: &Publication, why: Why) -> CatalogNotTaken {
        let mut not = CatalogNotTaken {
            label: p.label.clone(),
            effective: p.effective,
            kind: match why {
                Why::Differs { .. } => "differs",
                Why::Date(_) => "date",
                Why::Damaged(_) => "damaged",
                Why::Signature(_) => "signature",
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
        let (label, effective) = (&self.label, self.effective);
        // `STATION/BADGE`, as the station's records name the publisher.
        let publisher = format!("{}/{}", self.station, self.by);
        match (&self.why, lang) {
            (Why::Differs { imported_by, imported_at }, Lang::Zh) => format!(
                "中心发布的目录版本“{label}”（{effective} 起施行）未导入：本站已有同名版本（{imported_by} \
                 于 {imported_at} 导入），事项与中心发布的不同；本站目录保持原样，请与市局管理员核对"
            ),
            (Why::Differs { imported_by, imported_at }, Lang::En) => format!(
                "catalog version “{label}” published at the centre (effective {effective}) was not \
                 taken in: this station holds a version under that label (imported by {imported_by} \
                 at {imported_at}) whose items differ from the published ones; this station's \
                 catalog is left as it was: check with the city admin"
            ),
            (Why::Date(e), Lang::Zh) => format!(
                "中心发布的目录版本“{label}”未导入：{}；本站目录保持原样",
                e.message_zh()
            ),
            (Why::Date(e), Lang::En) => format!(
                "catalog version “{label}” published at the centre was not taken in: {e}; this \
                 station's catalog is left as it was"
            ),
            (Why::Damaged(what), Lang::Zh) => format!(
                "中心发布的目录版本“{label}”未导入：中心所存内容与发布时不符（{what}）；请市局检查中心数据库"
            ),
            (Why::Damaged(what), Lang::En) => format!(
                "catalog version “{label}” published at the centre was not taken in: what the \
                 centre holds is not what was published ({what}); the bureau should check the centre"
            ),
            (Why::Signature(fault), Lang::Zh) => format!(
                "中心发布的目录版本“{label}”（{effective} 起施行）未导入：无法确认是 {} 发布的——{}；\
                 本站目录保持原样，请市局检查中心数据库",
                publisher,
                fault.words(&self.station, &self.by, lang)
            ),
            (Why::Signature(fault), Lang::En) => format!(
                "catalog version “{label}” published at the centre (effective {effective}) was not \
                 taken in: it cannot be shown to be {}'s: {}; this station's catalog is left as it \
                 was: the bureau should check the centre",
                publisher,
                fault.words(&self.station, &self.by, lang)
            ),
        }
    }
}

/// Takes in every version published at the centre that this station does not hold by label,
/// earliest effective date first, each in a transaction of its own.
pub fn pull_catalogs(
    store: &mut Store,
    centre: &mut Centre,
    now: DateTime<Utc>,
) -> Result<CatalogsPulled, SyncError> {
    let published = centre.publications()?;
    let mut pulled = CatalogsPulled::default();
    if published.is_empty() {
        return Ok(pulled);
    }
    let held: HashMap<String, (String, zhifa_core::domain::version::CatalogVersion)> = store
        .catalog_items_digests()?
        .into_iter()
        .map(|(version, digest)| (version.label.clone(), (digest, version)))
        .collect();
    for p in &published {
        match held.get(&p.label) {
            Some((digest, _)) if *digest == p.items_sha256 => continue,
            Some((_, version)) => {
                pulled.not_taken.push(CatalogNotTaken::new(p, differs(version)));
                continue;
            }
            None => {}
        }
        let items = match read_published(centre, p)? {
            Ok(items) => items,
            Err(what) => {
                pulled.not_taken.push(CatalogNotTaken::new(p, Why::Damaged(what)));
                continue;
            }
        };
        let (signed, through_seq) = match signed(centre, p)? {
            Ok(signed) => signed,
            Err(fault) => {
                pulled.not_taken.push(CatalogNotTaken::new(p, Why::Signature(fault)));
                continue;
            }
        };
        let from = FromCentre {
            version: NewVersion {
                label: p.label.clone(),
                doc_no: p.doc_no.clone(),
                effective: p.effective,
                source_name: p.source_name.clone(),
                source_sha256: p.source_sha256.clone(),
            },
            by: p.published_by.clone(),
            station: p.published_station.clone(),
            at: p.published_at.clone(),
            sha256: p.sha256.clone(),
            through_seq,
            signed,
        };
        match store.take_in_published_catalog(now, &from, &items)? {
            TakenIn::New(version) => pulled.taken_in.push(CatalogTaken {
                label: version.label,
                effective: version.effective,
                items: version.item_count,
                published_by: p.published_by.clone(),
                published_station: p.published_station.clone(),
            }),
            // Another sync of this station took it in meanwhile.
            TakenIn::Held(_) => {}
            TakenIn::Differs(version) => {
                pulled.not_taken.push(CatalogNotTaken::new(p, differs(&version)))
            }
            TakenIn::Refused(e) => pulled.not_taken.push(CatalogNotTaken::new(p, Why::Date(e))),
        }
    }
    if !pulled.taken_in.is_empty() {
        pulled.versions = store.catalog_versions()?;
    }
    Ok(pulled)
}

fn differs(version: &zhifa_core::domain::version::CatalogVersion) -> Why {
    Why::Differs {
        imported_by: version.imported_by.clone(),
        imported_at: version.imported_at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// The published version's items, read from its text as a local import reads a canonical JSON
/// file, after checking the text and the items against the digests recorded at publishing;
/// `Ok(Err(what))` when they do not match or the text does not read. What a station takes in,
/// and what `zhifa --central URL catalog search` searches.
pub fn read_published(
    centre: &mut Centre,
    p: &Publication,
) -> Result<Result<Vec<zhifa_core::domain::catalog::CatalogItem>, String>, SyncError> {
    if !zhifa_store::publisher_is_valid(&p.published_station, &p.published_by) {
        return Ok(Err(format!(
            "its publisher {:?} of {:?} is not a badge of a station",
            p.published_by, p.published_station
        )));
    }
    let Some(text) = centre.published_text(&p.label)? else {
        return Ok(Err("its text is gone".into()));
    };
    if hex::encode(Sha256::digest(text.as_bytes())) != p.sha256 {
        return Ok(Err("the text's SHA-256 is not the one recorded".into()));
    }
    let parsed = match zhifa_catalog::import::read_catalog_bytes(
        &format!("{}.json", p.label),
        text.as_bytes(),
    ) {
        Ok(parsed) => parsed,
        Err(e) => return Ok(Err(e.to_string())),
    };
    if parsed.report.has_errors() || parsed.items.is_empty() {
        return Ok(Err(format!("the text has {} error(s)", parsed.report.error_count())));
    }
    if items_digest(&parsed.items)? != p.items_sha256 {
        return Ok(Err("the items' SHA-256 is not the one recorded".into()));
    }
    if usize::try_from(p.item_count).ok() != Some(parsed.items.len()) {
        return Ok(Err(format!("{} items, not the {} recorded", parsed.items.len(), p.item_count)));
    }
    Ok(Ok(parsed.items))
}
