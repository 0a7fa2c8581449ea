//! Who published what a station takes from the centre (catalog versions, calendar years,
//! accounts): a
//! publication is signed by an admin of the publisher's station, with the key that station's
//! account events held at the centre give them ([`check_publisher`], [`signed`]); one that is not
//! is reported, in words shared by every kind of publication ([`Subject`]), and not taken in.

use super::SyncError;
use crate::central::Centre;
use zhifa_core::i18n::Lang;
use zhifa_store::{Signable, Signed};

/// The stations whose admins this station takes publications from (`[central] publishers` in
/// config.toml: the bureau's own station, say). None named: any station's admin, as the centre
/// holds their account events — so an admin of one street station could hand an account down to
/// another; a bureau names its publishing stations to close that.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publishers(Option<Vec<String>>);

impl Publishers {
    /// As `[central] publishers` names them (absent: any station's admin).
    pub fn of(central: &zhifa_app::config::Central) -> Publishers {
        Publishers(central.publisher_codes())
    }

    pub fn allows(&self, station: &str) -> bool {
        self.0.as_ref().is_none_or(|codes| codes.iter().any(|c| c == station))
    }
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
    /// The publisher's station is not among those this station takes publications from
    /// ([`Publishers`]).
    NotTrusted,
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
            (SignatureFault::NotTrusted, Lang::Zh) => format!(
                "发布人 {by} 所在站点 {station} 不在本站接受发布的站点之列（config.toml [central] publishers）"
            ),
            (SignatureFault::NotTrusted, Lang::En) => format!(
                "the publisher {by}'s station {station} is not one this station takes publications \
                 from (config.toml [central] publishers)"
            ),
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
    let standing = match zhifa_store::account_standing(&events, station, badge) {
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

/// Who signed a publication, as its row at the centre states it: the signature, key and
/// `through_seq` (each `None` on a row without them), and the publisher's station and badge.
pub(crate) struct Claimed<'a> {
    pub signature: Option<&'a str>,
    pub key: Option<&'a str>,
    pub through_seq: Option<i64>,
    pub station: &'a str,
    pub by: &'a str,
}

/// A publication's signature checked over `statement` (as its row states it), then its key
/// against its publisher ([`check_publisher`]); its signature, key and `through_seq` if it holds.
pub(crate) fn signed(
    centre: &mut Centre,
    claimed: Claimed<'_>,
    statement: &impl Signable,
    publishers: &Publishers,
) -> Result<Result<(Signed, i64), SignatureFault>, SyncError> {
    if !publishers.allows(claimed.station) {
        return Ok(Err(SignatureFault::NotTrusted));
    }
    let (Some(signature), Some(key), Some(through_seq)) =
        (claimed.signature, claimed.key, claimed.through_seq)
    else {
        return Ok(Err(SignatureFault::Unsigned));
    };
    if !statement.signed_by(key, signature) {
        return Ok(Err(SignatureFault::DoesNotVerify));
    }
    if let Err(fault) = check_publisher(centre, claimed.station, claimed.by, through_seq, key)? {
        return Ok(Err(fault));
    }
    Ok(Ok((Signed { signature: signature.to_string(), key: key.to_string() }, through_seq)))
}

/// What a refusal names: the thing published (`“2027年版”目录版本（2027-01-01 起施行）`, `2027
/// 年工作日安排（第 2 次发布）`) and what of the station stays as it was (目录, calendar).
pub(crate) struct Subject {
    pub zh: String,
    pub en: String,
    pub kept_zh: &'static str,
    pub kept_en: &'static str,
}

impl Subject {
    /// Briefly, with why in a word (`kind`).
    pub(crate) fn refused(self, kind: &'static str) -> Refused {
        Refused { zh: self.zh, en: self.en, kind }
    }

    /// Not taken in because what the centre holds is not what was published (`what`).
    pub(crate) fn damaged(&self, what: &str, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "中心发布的{}未导入：中心所存内容与发布时不符（{what}）；请市局检查中心数据库",
                self.zh
            ),
            Lang::En => format!(
                "{} published at the centre was not taken in: what the centre holds is not what \
                 was published ({what}); the bureau should check the centre",
                self.en
            ),
        }
    }

    /// Not taken in because it cannot be shown to be its publisher's (`fault`).
    pub(crate) fn unsigned(
        &self,
        station: &str,
        by: &str,
        fault: &SignatureFault,
        lang: Lang,
    ) -> String {
        // `STATION/BADGE`, as the station's records name the publisher.
        let words = fault.words(station, by, lang);
        match lang {
            Lang::Zh => format!(
                "中心发布的{}未导入：无法确认是 {station}/{by} 发布的——{words}；本站{}保持原样，\
                 请市局检查中心数据库",
                self.zh, self.kept_zh
            ),
            Lang::En => format!(
                "{} published at the centre was not taken in: it cannot be shown to be \
                 {station}/{by}'s: {words}; this station's {} is left as it was: the bureau \
                 should check the centre",
                self.en, self.kept_en
            ),
        }
    }
}

/// A publication a sync did not take in, briefly: what it is and why in a word (`kind`), for the
/// interface's status line (`zhifa sync` gives the whole reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub zh: String,
    pub en: String,
    /// `differs`, `date`, `damaged`, `signature`; for accounts `clash`, `team`, `no_account`.
    pub kind: &'static str,
}

impl Refused {
    /// `目录版本“2027年版”（2027-01-01 起施行）：签名无法核实`.
    pub fn words(&self, lang: Lang) -> String {
        let why = match (self.kind, lang) {
            ("differs", Lang::Zh) => "与本站已有的不同",
            ("differs", Lang::En) => "differs from this station's own",
            ("date", Lang::Zh) => "本站已有不早于其生效日期的版本",
            ("date", Lang::En) => "a version here starts on or after its date",
            ("clash", Lang::Zh) => "本站已有同一证号的自建账户",
            ("clash", Lang::En) => "this station has its own account under the badge",
            ("team", Lang::Zh) => "本站没有该账户的中队",
            ("team", Lang::En) => "this station lacks the account's team",
            ("no_account", Lang::Zh) => "本站没有该账户",
            ("no_account", Lang::En) => "this station holds no such account",
            ("damaged", Lang::Zh) => "中心所存内容与发布时不符",
            ("damaged", Lang::En) => "the centre's copy is damaged",
            (_, Lang::Zh) => "无法确认发布人的签名",
            (_, Lang::En) => "its publisher's signature cannot be checked",
        };
        match lang {
            Lang::Zh => format!("{}：{why}", self.zh),
            Lang::En => format!("{}: {why}", self.en),
        }
    }
}
