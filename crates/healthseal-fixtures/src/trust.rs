//! Trust documents of the demo provinces, at the fixture clock:
//!
//! - `zj.statement-1`, `ha.statement-1`: each province's first statement;
//! - `ha.trust-list-1`: Henan's list at T0 (own: green and yellow; Zhejiang: green, 48 h, 7 days);
//! - `zj.statement-2`, `ha.trust-list-2`: two hours later Zhejiang revokes the credential in
//!   `fixtures/credentials/typical_green.txt`; Henan takes the statement and signs list #2;
//! - `zj.trust-list-1`: Zhejiang's own list (it recognises Henan: green and yellow, 72 h);
//! - `ha.trust.toml`, `zj.trust.toml`: the sources as they stand after all this.

use std::path::Path;
use std::time::Duration;

use healthseal_core::{CredentialId, IssuerStatement, IssuingKey, Policy, Status, StatusSet};
use healthseal_trust_office::TrustSource;

use super::{at, key, HOUR};

pub fn write(dir: &Path) {
    let (zj_root, zj_issuer) = (key("CN-ZJ root"), key("CN-ZJ issuer 2026"));
    let (ha_root, ha_issuer) = (key("CN-HA root"), key("CN-HA issuer 2026"));
    let mut zj = TrustSource::new(&"CN-ZJ".parse().expect("region"), "Zhejiang", zj_root.public_key());
    zj.add_key(IssuingKey::active(zj_issuer.public_key().clone())).expect("new key");
    let henan = "CN-HA".parse().expect("region");
    let mut ha = TrustSource::new(&henan, "Henan", ha_root.public_key());
    ha.add_key(IssuingKey::active(ha_issuer.public_key().clone())).expect("new key");
    ha.set_policy(&henan, &Policy::accepting([Status::Green, Status::Yellow])).expect("own policy");

    let zj_statement_1 = zj.statement(at(0)).sign(&zj_root).expect("signs");
    let ha_statement_1 = ha.statement(at(0)).sign(&ha_root).expect("signs");
    let open = |bytes: &[u8], root: &healthseal_core::SigningKey| {
        IssuerStatement::open(bytes, root.public_key()).expect("fixture statements verify")
    };
    let zj_terms = Policy {
        accept: StatusSet::of([Status::Green]),
        max_age: Some(Duration::from_secs(48 * 3600)),
        max_validity: Some(Duration::from_secs(7 * 86_400)),
        from: None,
        until: None,
    };
    ha.recognize(&open(&zj_statement_1, &zj_root), Some(&zj_terms)).expect("recognise");
    let ha_terms = Policy {
        max_age: Some(Duration::from_secs(72 * 3600)),
        ..Policy::accepting([Status::Green, Status::Yellow])
    };
    zj.recognize(&open(&ha_statement_1, &ha_root), Some(&ha_terms)).expect("recognise");

    let list = |source: &mut TrustSource, root: &healthseal_core::SigningKey, offset: i64| {
        source
            .trust_list(at(offset), at(offset + 24 * HOUR))
            .check()
            .expect("valid list")
            .sign(root)
            .expect("signs")
    };
    let ha_list_1 = list(&mut ha, &ha_root, 0);
    let zj_list_1 = list(&mut zj, &zj_root, 0);

    zj.revoke(CredentialId::from_bytes([0x5e, 0xa1, 0, 0, 0, 0, 0, 1]));
    let zj_statement_2 = zj.statement(at(2 * HOUR)).sign(&zj_root).expect("signs");
    ha.recognize(&open(&zj_statement_2, &zj_root), None).expect("update");
    let ha_list_2 = list(&mut ha, &ha_root, 3 * HOUR);

    for (name, bytes) in [
        ("zj.statement-1", &zj_statement_1),
        ("ha.statement-1", &ha_statement_1),
        ("zj.statement-2", &zj_statement_2),
        ("ha.trust-list-1", &ha_list_1),
        ("ha.trust-list-2", &ha_list_2),
        ("zj.trust-list-1", &zj_list_1),
    ] {
        std::fs::create_dir_all(dir).expect("create fixtures/trust");
        std::fs::write(dir.join(name), bytes).expect("write trust fixture");
    }
    super::write(&dir.join("ha.trust.toml"), &ha.to_toml().expect("toml"));
    super::write(&dir.join("zj.trust.toml"), &zj.to_toml().expect("toml"));
}
