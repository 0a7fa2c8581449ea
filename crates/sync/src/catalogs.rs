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
use crate::publisher::{signed, Claimed, Publishers, Refused, SignatureFault, Subject};
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
            (Why::Damaged(what), _) => self.subject().damaged(what, lang),
            (Why::Signature(fault), _) => {
                self.subject().unsigned(&self.station, &self.by, fault, lang)
            }
        }
    }

    /// The version, as a refusal names it.
    fn subject(&self) -> Subject {
        let (label, effective) = (&self.label, self.effective);
        Subject {
            zh: format!("目录版本“{label}”（{effective} 起施行）"),
            en: format!("catalog version “{label}” (effective {effective})"),
            kept_zh: "目录",
            kept_en: "catalog",
        }
    }

    /// Briefly, for the interface's status line.
    pub fn brief(&self) -> Refused {
        self.subject().refused(self.kind)
    }
}

/// Takes in every version published at the centre that this station does not hold by label,
/// earliest effective date first, each in a transaction of its own.
pub fn pull_catalogs(
    store: &mut Store,
    centre: &mut Centre,
    now: DateTime<Utc>,
    publishers: &Publishers,
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
        let claimed = Claimed {
            signature: p.signature.as_deref(),
            key: p.signing_key.as_deref(),
            through_seq: p.through_seq,
            station: &p.published_station,
            by: &p.published_by,
        };
        let (signed, through_seq) = match signed(centre, claimed, &p.statement(), publishers)? {
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
