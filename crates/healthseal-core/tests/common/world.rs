//! Two provinces and a third one nobody recognises, for decision tests.
//!
//! Henan (CN-HA) runs the checkpoint. Its list recognises itself (green and yellow, no other
//! limit) and Zhejiang (CN-ZJ: green only, at most 48 hours old, at most 7 days of validity).
//! Shanghai (CN-SH) is not in the list.

use std::time::Duration;

use ciborium::Value;
use healthseal_core::*;

pub const H: i64 = 3600;

pub struct World {
    pub ha_root: SigningKey,
    pub ha_issuer: SigningKey,
    pub zj_root: SigningKey,
    pub zj_issuer: SigningKey,
    /// Zhejiang's previous key: only signs credentials issued before T0 - 10 days.
    pub zj_old: SigningKey,
    /// Zhejiang's key stolen at T0 - 1 hour.
    pub zj_stolen: SigningKey,
    pub sh_issuer: SigningKey,
    /// A Henan key that is not in the list.
    pub ha_unlisted: SigningKey,
}

/// 2026-11-25T00:00:00Z: the list is signed now; its next update is due a day later.
pub fn t(offset: i64) -> Timestamp {
    Timestamp::from_unix(1_795_564_800 + offset).unwrap()
}

pub fn key(label: &str) -> SigningKey {
    let mut seed = [0u8; 32];
    for (i, b) in label.bytes().enumerate() {
        seed[i % 32] ^= b.wrapping_add(i as u8);
    }
    SigningKey::from_seed(seed)
}

impl World {
    pub fn new() -> Self {
        Self {
            ha_root: key("ha root"),
            ha_issuer: key("ha issuer"),
            zj_root: key("zj root"),
            zj_issuer: key("zj issuer"),
            zj_old: key("zj old"),
            zj_stolen: key("zj stolen"),
            sh_issuer: key("sh issuer"),
            ha_unlisted: key("ha unlisted"),
        }
    }

    pub fn draft(&self) -> TrustListDraft {
        TrustListDraft {
            owner: "CN-HA".parse().unwrap(),
            sequence: 7,
            issued_at: t(0),
            next_update: t(24 * H),
            regions: vec![
                RegionEntry {
                    region: "CN-HA".parse().unwrap(),
                    name: "Henan".into(),
                    root: self.ha_root.public_key().clone(),
                    statement_sequence: 3,
                    keys: vec![IssuingKey::active(self.ha_issuer.public_key().clone())],
                    revoked: RevocationSet::default(),
                    policy: Policy::accepting([Status::Green, Status::Yellow]),
                },
                RegionEntry {
                    region: "CN-ZJ".parse().unwrap(),
                    name: "Zhejiang".into(),
                    root: self.zj_root.public_key().clone(),
                    statement_sequence: 5,
                    keys: vec![
                        IssuingKey::active(self.zj_issuer.public_key().clone()),
                        IssuingKey {
                            key: self.zj_old.public_key().clone(),
                            not_before: None,
                            not_after: Some(t(-240 * H)),
                            status: KeyStatus::Retired,
                        },
                        IssuingKey {
                            key: self.zj_stolen.public_key().clone(),
                            not_before: None,
                            not_after: None,
                            status: KeyStatus::CompromisedSince(t(-H)),
                        },
                    ],
                    revoked: RevocationSet::from_ids([CredentialId::from_bytes([0xee; 8])]),
                    policy: Policy {
                        accept: StatusSet::of([Status::Green]),
                        max_age: Some(Duration::from_secs(48 * H as u64)),
                        max_validity: Some(Duration::from_secs(7 * 24 * H as u64)),
                        from: None,
                        until: None,
                    },
                },
            ],
        }
    }

    /// The list as a checkpoint holds it: signed by the Henan root, opened with it pinned.
    pub fn list(&self, edit: impl FnOnce(&mut TrustListDraft)) -> Verified<TrustList> {
        let mut draft = self.draft();
        edit(&mut draft);
        let bytes = draft.check().unwrap().sign(&self.ha_root).unwrap();
        TrustList::open(&bytes, self.ha_root.public_key()).unwrap()
    }
}

/// A credential as a request: defaults are a green CN-ZJ credential issued at T0 for 72 hours.
#[derive(Clone)]
pub struct Cred {
    pub region: &'static str,
    pub status: Status,
    pub issued_at: Timestamp,
    pub not_before: Option<Timestamp>,
    pub validity: i64,
    pub id: [u8; 8],
}

impl Default for Cred {
    fn default() -> Self {
        Self {
            region: "CN-ZJ",
            status: Status::Green,
            issued_at: t(0),
            not_before: None,
            validity: 72 * H,
            id: [1; 8],
        }
    }
}

impl Cred {
    pub fn credential(&self) -> Credential {
        CredentialDraft {
            region: self.region.parse().unwrap(),
            issued_at: self.issued_at,
            not_before: self.not_before,
            expires_at: Timestamp::from_unix(
                self.not_before.unwrap_or(self.issued_at).unix() + self.validity,
            )
            .unwrap(),
            id: CredentialId::from_bytes(self.id),
            status: self.status,
            name: "Wang Fang".into(),
            birth_date: "1979-04".into(),
            basis: None,
        }
        .check()
        .unwrap()
    }

    pub fn signed_by(&self, key: &SigningKey) -> String {
        Sealed::sign(&self.credential(), key).unwrap().to_text()
    }
}

/// Signs an arbitrary claims payload with the healthseal header profile.
pub fn sign_raw(payload: &Value, key: &SigningKey) -> String {
    let protected = cbor::encode(&Value::Map(vec![
        (Value::from(1), Value::from(-8)),
        (Value::from(4), Value::Bytes(key.public_key().kid().as_bytes().to_vec())),
    ]));
    let payload = cbor::encode(payload);
    let signature = key.sign(&cose::to_be_signed(&protected, &[], &payload));
    encode_text(&cbor::encode(&Value::Tag(
        18,
        Box::new(Value::Array(vec![
            Value::Bytes(protected),
            Value::Map(vec![]),
            Value::Bytes(payload),
            Value::Bytes(signature.to_vec()),
        ])),
    )))
}
