//! Step 3 of the demo: the trust offices. Each province's source, statement and trust list,
//! built with the same library the `trust` commands use.

use std::fmt::Write as _;
use std::time::Duration;

use healthseal_core::{format_duration, IssuerStatement, IssuingKey, Policy, Region, Status, Timestamp};
use healthseal_trust_office::TrustSource;

use super::cast::{Twist, PEOPLE};
use super::{fail, Keys, Shown, HOUR};
use crate::exit::CliResult;

/// Henan's and Zhejiang's terms for each other's credentials.
const RECOGNISED_MAX_AGE: Duration = Duration::from_secs(48 * HOUR);
const RECOGNISED_MAX_VALIDITY: Duration = Duration::from_secs(7 * 24 * HOUR);

/// Each province's cap on its own credentials' validity.
const OWN_MAX_VALIDITY: Duration = Duration::from_secs(7 * 24 * HOUR);

/// How long the trust lists hold before a new one is due.
const NEXT_UPDATE: Duration = Duration::from_secs(24 * HOUR);

/// The trust offices' work: sources, statements, trust lists.
pub struct Trust {
    pub files: Vec<(String, Vec<u8>)>,
    pub henan_list: Vec<u8>,
    pub henan_sequence: u64,
    pub henan_regions: usize,
    pub henan_own: Policy,
    pub zhejiang_own: Policy,
    pub recognised: Policy,
}

pub fn build_trust(keys: &Keys, issued: &[Shown], now: Timestamp) -> CliResult<Trust> {
    let region = |code: &str| code.parse::<Region>().map_err(fail);
    let (ha, zj) = (region("CN-HA")?, region("CN-ZJ")?);
    let mut henan = TrustSource::new(&ha, "Henan", keys.ha_root.public_key());
    let mut zhejiang = TrustSource::new(&zj, "Zhejiang", keys.zj_root.public_key());
    henan.add_key(IssuingKey::active(keys.henan.key().public_key().clone())).map_err(fail)?;
    zhejiang.add_key(IssuingKey::active(keys.zhejiang.key().public_key().clone())).map_err(fail)?;
    // Every set of terms bounds how long a credential passes after its issue: what a stolen
    // issuing key signs then stops passing within that time.
    let own = |accept: &[Status]| Policy {
        max_validity: Some(OWN_MAX_VALIDITY),
        ..Policy::accepting(accept.iter().copied())
    };
    let henan_own = own(&[Status::Green, Status::Yellow]);
    let zhejiang_own = own(&[Status::Green]);
    henan.set_policy(&ha, &henan_own).map_err(fail)?;
    zhejiang.set_policy(&zj, &zhejiang_own).map_err(fail)?;
    for (person, shown) in PEOPLE.iter().zip(issued) {
        if person.twist == Twist::Revoked {
            henan.revoke(shown.claims.id());
        }
    }

    let henan_statement = henan.statement(now).sign(&keys.ha_root).map_err(fail)?;
    let zhejiang_statement = zhejiang.statement(now).sign(&keys.zj_root).map_err(fail)?;
    let recognised = Policy {
        max_age: Some(RECOGNISED_MAX_AGE),
        max_validity: Some(RECOGNISED_MAX_VALIDITY),
        ..Policy::accepting([Status::Green])
    };
    let opened = IssuerStatement::open(&zhejiang_statement, keys.zj_root.public_key()).map_err(fail)?;
    henan.recognize(&opened, Some(&recognised)).map_err(fail)?;
    let opened = IssuerStatement::open(&henan_statement, keys.ha_root.public_key()).map_err(fail)?;
    zhejiang.recognize(&opened, Some(&recognised)).map_err(fail)?;

    let next = now.checked_add(NEXT_UPDATE).ok_or_else(|| fail("clock out of range"))?;
    let henan_checked = henan.trust_list(now, next).check().map_err(fail)?;
    let henan_list = henan_checked.sign(&keys.ha_root).map_err(fail)?;
    let zhejiang_list =
        zhejiang.trust_list(now, next).check().map_err(fail)?.sign(&keys.zj_root).map_err(fail)?;
    let files = vec![
        ("henan.trust.toml".to_owned(), henan.to_toml().map_err(fail)?.into_bytes()),
        ("henan.statement".to_owned(), henan_statement),
        ("henan.trust-list".to_owned(), henan_list.clone()),
        ("zhejiang.trust.toml".to_owned(), zhejiang.to_toml().map_err(fail)?.into_bytes()),
        ("zhejiang.statement".to_owned(), zhejiang_statement),
        ("zhejiang.trust-list".to_owned(), zhejiang_list),
    ];
    Ok(Trust {
        files,
        henan_list,
        henan_sequence: henan_checked.sequence(),
        henan_regions: henan_checked.regions().len(),
        henan_own,
        zhejiang_own,
        recognised,
    })
}

pub fn terms(p: &Policy) -> String {
    let mut text = p.accept.iter().map(|s| s.name()).collect::<Vec<_>>().join(" or ");
    if let Some(age) = p.max_age {
        let _ = write!(text, ", issued at most {} ago", format_duration(age));
    }
    if let Some(validity) = p.max_validity {
        let _ = write!(text, ", valid at most {}", format_duration(validity));
    }
    text
}
