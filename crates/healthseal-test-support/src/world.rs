//! Two provinces and a third one nobody recognises, for decision tests and decision vectors.
//!
//! Henan (CN-HA) runs the checkpoint. Its list (sequence 7, signed at [`T0`](crate::clock::T0),
//! next update a day later) recognises itself (green and yellow, no other limit) and Zhejiang
//! (CN-ZJ: green only, at most 48 hours old, at most 7 days of validity; a retired key, a key
//! compromised since T0 - 1 hour, one revoked credential). Shanghai (CN-SH) is not in the list.

use std::time::Duration;

use ciborium::Value;
use healthseal_core::{
    cbor, cose, encode_text, Credential, CredentialDraft, CredentialId, IssuingKey, KeyStatus, Policy,
    RegionEntry, RevocationSet, Sealed, SigningKey, Status, StatusSet, Timestamp, TrustList, TrustListDraft,
    Verified,
};

use crate::clock::{t, H};
use crate::drafts;

/// The keys of the world.
#[derive(Debug)]
pub struct World {
    /// Henan's root: signs the checkpoint's list.
    pub ha_root: SigningKey,
    /// Henan's issuing key.
    pub ha_issuer: SigningKey,
    /// Zhejiang's root.
    pub zj_root: SigningKey,
    /// Zhejiang's issuing key.
    pub zj_issuer: SigningKey,
    /// Zhejiang's previous key: only signs credentials issued before T0 - 10 days.
    pub zj_old: SigningKey,
    /// Zhejiang's key stolen at T0 - 1 hour.
    pub zj_stolen: SigningKey,
    /// Shanghai's issuing key, in no list.
    pub sh_issuer: SigningKey,
    /// A Henan key that is not in the list.
    pub ha_unlisted: SigningKey,
}

/// A signing key from a label, the same on every run. TEST ONLY: anyone can recompute it.
pub fn key(label: &str) -> SigningKey {
    let mut seed = [0u8; 32];
    for (i, b) in label.bytes().enumerate() {
        seed[i % 32] ^= b.wrapping_add(i as u8);
    }
    SigningKey::from_seed(seed)
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl World {
    /// The world's keys.
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

    /// Henan's list, unsigned; `regions[0]` is Henan, `regions[1]` Zhejiang.
    pub fn draft(&self) -> TrustListDraft {
        TrustListDraft {
            owner: "CN-HA".parse().expect("region"),
            sequence: 7,
            issued_at: t(0),
            next_update: t(24 * H),
            regions: vec![
                RegionEntry {
                    region: "CN-HA".parse().expect("region"),
                    name: "Henan".into(),
                    root: self.ha_root.public_key().clone(),
                    statement_sequence: 3,
                    keys: vec![IssuingKey::active(self.ha_issuer.public_key().clone())],
                    revoked: RevocationSet::default(),
                    policy: Policy::accepting([Status::Green, Status::Yellow]),
                },
                RegionEntry {
                    region: "CN-ZJ".parse().expect("region"),
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
                            site: None,
                        },
                        IssuingKey {
                            key: self.zj_stolen.public_key().clone(),
                            not_before: None,
                            not_after: None,
                            status: KeyStatus::CompromisedSince(t(-H)),
                            site: None,
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
            succession: Default::default(),
        }
    }

    /// The list after `edit`, as Henan's root signs it: the bytes a checkpoint receives.
    pub fn list_bytes(&self, edit: impl FnOnce(&mut TrustListDraft)) -> Vec<u8> {
        let mut draft = self.draft();
        edit(&mut draft);
        draft.check().expect("a valid list").sign(&self.ha_root).expect("signs")
    }

    /// The list as a checkpoint holds it: signed by the Henan root, opened with it pinned.
    pub fn list(&self, edit: impl FnOnce(&mut TrustListDraft)) -> Verified<TrustList> {
        TrustList::open(&self.list_bytes(edit), self.ha_root.public_key()).expect("opens")
    }
}

/// A credential as a request: defaults are a green CN-ZJ credential issued at T0 for 72 hours.
#[derive(Debug, Clone)]
pub struct Cred {
    /// Issuing region.
    pub region: &'static str,
    /// Status.
    pub status: Status,
    /// Issue time.
    pub issued_at: Timestamp,
    /// Start of validity, when later than issue.
    pub not_before: Option<Timestamp>,
    /// Seconds of validity from the start of validity (or the issue time).
    pub validity: i64,
    /// Credential id.
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
    /// The credential, for Wang Fang (born 1979-04).
    pub fn credential(&self) -> Credential {
        let start = self.not_before.unwrap_or(self.issued_at);
        CredentialDraft {
            region: self.region.parse().expect("region"),
            issued_at: self.issued_at,
            not_before: self.not_before,
            expires_at: Timestamp::from_unix(start.unix() + self.validity).expect("in range"),
            id: CredentialId::from_bytes(self.id),
            status: self.status,
            name: "Wang Fang".into(),
            birth_date: "1979-04".into(),
            ..drafts::typical()
        }
        .check()
        .expect("a valid credential")
    }

    /// The credential signed by `key`, as text.
    pub fn signed_by(&self, key: &SigningKey) -> String {
        Sealed::sign(&self.credential(), key).expect("signs").to_text()
    }
}

/// Zhejiang's claims for Wang Fang (born 1979), issued at T0 for 72 hours, as a raw CBOR map with
/// `status` as the status code, valid or not: a payload no draft can make (a draft checks it).
pub fn raw_claims(status: i64) -> Value {
    Value::Map(vec![
        (Value::from(1), Value::Text("CN-ZJ".into())),
        (Value::from(4), Value::from(t(72 * H).unix())),
        (Value::from(6), Value::from(t(0).unix())),
        (Value::from(7), Value::Bytes(vec![1; 8])),
        (
            Value::from(healthseal_core::ATTESTATION_CLAIM),
            Value::Map(vec![
                (Value::from(1), Value::from(status)),
                (Value::from(2), Value::Text("Wang Fang".into())),
                (Value::from(3), Value::Text("1979".into())),
            ]),
        ),
    ])
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
