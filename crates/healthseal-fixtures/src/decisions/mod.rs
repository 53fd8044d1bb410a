//! Decision vectors (docs/decision-vectors.md): the acceptance decision's cases as data, so that
//! another implementation (the browser checkpoint, a phone app) runs the very same cases.
//!
//! One file per case in `fixtures/decisions/`: a credential, a trust list (shared files in
//! `lists/`), the pinned root, a time, the options, and the expected verdict, reason code and
//! stale flag. At least one case per reason code, and both sides of every policy edge, one
//! second apart. The world is the one `healthseal-core`'s decision tests use
//! (`healthseal_test_support::world`): Henan (CN-HA) runs the checkpoint; its list recognises
//! itself (green and yellow) and Zhejiang (CN-ZJ: green, at most 48 hours old, at most 7 days of
//! validity, a retired key, a key compromised since T0 - 1 hour, one revoked credential).
//!
//! The expectations are written here by hand, never computed by `decide`: the runner in
//! `crates/healthseal-core/tests/decision_vectors.rs` holds the code to them.

use std::path::Path;
use std::time::Duration;

use healthseal_core::{
    decode_text, encode_text, DecisionOptions, IssuingKey, KeyStatus, StaleMode, Status, Timestamp,
    TrustListDraft,
};
use healthseal_test_support::clock::{t, H};
use healthseal_test_support::decision_vector::{DecisionVector, Expected};
use healthseal_test_support::world::{key, raw_claims, sign_raw, Cred, World};

use super::{clear, write};

mod time_and_terms;

/// The default skew, 5 minutes, in seconds.
const SKEW: i64 = 300;
/// A day, in seconds.
const DAY: i64 = 24 * H;
/// The list is signed at T0 and due again a day later; with the default grace it is stale after.
const STALE_AFTER: i64 = 2 * DAY;
/// Far more than any cap: 300 years.
const HUGE: u64 = 300 * 365 * 86_400;

/// The trust lists the cases use, each Henan's list (sequence 7, signed at T0) with one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    /// The world's list as it is.
    Base,
    /// Zhejiang recognised only from T0 + 2 hours until T0 + 30 hours.
    Agreement,
    /// Henan holds a second key that may sign only what is issued from T0 - 2 hours to T0 + 2 hours.
    KeyWindow,
    /// Zhejiang's terms without a max_age: only max_validity bounds a forgery.
    NoMaxAge,
}

const LISTS: [List; 4] = [List::Base, List::Agreement, List::KeyWindow, List::NoMaxAge];

impl List {
    fn file(self) -> &'static str {
        match self {
            Self::Base => "lists/base.list",
            Self::Agreement => "lists/agreement.list",
            Self::KeyWindow => "lists/key-window.list",
            Self::NoMaxAge => "lists/no-max-age.list",
        }
    }

    fn bytes(self, w: &World) -> Vec<u8> {
        w.list_bytes(|d: &mut TrustListDraft| match self {
            Self::Base => {}
            Self::Agreement => {
                d.regions[1].policy.from = Some(t(2 * H));
                d.regions[1].policy.until = Some(t(30 * H));
            }
            Self::KeyWindow => d.regions[0].keys.push(IssuingKey {
                key: windowed().public_key().clone(),
                not_before: Some(t(-2 * H)),
                not_after: Some(t(2 * H)),
                status: KeyStatus::Active,
                site: None,
            }),
            Self::NoMaxAge => d.regions[1].policy.max_age = None,
        })
    }
}

/// Henan's key with a window, in the key-window list only.
fn windowed() -> healthseal_core::SigningKey {
    key("ha windowed")
}

struct Case {
    name: &'static str,
    why: &'static str,
    expect: Expected,
    stale: bool,
    list: List,
    now: Timestamp,
    options: DecisionOptions,
    credential: String,
}

/// A case on the base list with the default options, its list not stale.
fn case(name: &'static str, why: &'static str, expect: Expected, credential: String, now: Timestamp) -> Case {
    Case {
        name,
        why,
        expect,
        stale: false,
        list: List::Base,
        now,
        options: DecisionOptions::default(),
        credential,
    }
}

impl Case {
    fn on(self, list: List) -> Self {
        Self { list, ..self }
    }

    fn with(self, options: DecisionOptions) -> Self {
        Self { options, ..self }
    }

    /// The verdict must report the list as stale.
    fn stale(self) -> Self {
        Self { stale: true, ..self }
    }
}

fn accepted() -> Expected {
    Expected::Accepted
}

fn rejected(reason: &str) -> Expected {
    Expected::Rejected { reason: reason.into(), detail: None }
}

fn rejected_in(reason: &str, detail: &str) -> Expected {
    Expected::Rejected { reason: reason.into(), detail: Some(detail.into()) }
}

fn options(skew: u64, stale_grace: u64, stale: StaleMode) -> DecisionOptions {
    DecisionOptions { skew: Duration::from_secs(skew), stale_grace: Duration::from_secs(stale_grace), stale }
}

fn reject_stale() -> DecisionOptions {
    DecisionOptions { stale: StaleMode::Reject, ..DecisionOptions::default() }
}

/// A Henan credential, green unless changed, signed by Henan's issuing key.
fn ha(w: &World, cred: Cred) -> String {
    Cred { region: "CN-HA", ..cred }.signed_by(&w.ha_issuer)
}

/// A Zhejiang credential signed by Zhejiang's issuing key.
fn zj(w: &World, cred: Cred) -> String {
    cred.signed_by(&w.zj_issuer)
}

fn cases(w: &World) -> Vec<Case> {
    let d = Cred::default;
    let mut v = vec![
        // Accepted.
        case(
            "accepted_own_region_green",
            "Henan's own green credential, an hour after issue.",
            accepted(),
            ha(w, d()),
            t(H),
        ),
        case(
            "accepted_own_region_yellow",
            "Henan accepts its own yellow credentials too.",
            accepted(),
            ha(w, Cred { status: Status::Yellow, ..d() }),
            t(H),
        ),
        case(
            "accepted_recognized_region",
            "A green credential from Zhejiang, which Henan recognises.",
            accepted(),
            zj(w, d()),
            t(2 * H),
        ),
        // Structure and signature.
        case(
            "malformed_base45",
            "Not base45: '!' and lower-case letters are outside the alphabet.",
            rejected_in("malformed", "base45_invalid_character"),
            "HS1:not base45!".into(),
            t(H),
        ),
        case(
            "malformed_prefix",
            "A genuine credential under another format's prefix (HC1:, the EU DCC's).",
            rejected_in("malformed", "text_missing_prefix"),
            zj(w, d()).replacen("HS1:", "HC1:", 1),
            t(H),
        ),
    ];
    v.push(case(
        "malformed_claims_unknown_status",
        "Genuinely signed by Zhejiang's listed key, but status 7 does not exist.",
        rejected_in("malformed_claims", "claims_unknown_status"),
        sign_raw(&raw_claims(7), &w.zj_issuer),
        t(H),
    ));
    v.push(case(
        "unknown_issuer_key",
        "A Henan credential signed by a key that is not in the list.",
        rejected("unknown_issuer_key"),
        Cred { region: "CN-HA", ..d() }.signed_by(&w.ha_unlisted),
        t(H),
    ));
    let mut cose = decode_text(&zj(w, d())).expect("decodes");
    let at = cose.windows(9).position(|s| s == b"Wang Fang").expect("the name is in the payload");
    cose[at] = b'X';
    v.push(case(
        "bad_signature",
        "Zhejiang's credential with the name changed to \"Xang Fang\": the signature no longer holds.",
        rejected("bad_signature"),
        encode_text(&cose),
        t(H),
    ));
    v.push(case(
        "region_not_recognized",
        "A Shanghai credential: CN-SH is not in Henan's list (its key is not either).",
        rejected("region_not_recognized"),
        Cred { region: "CN-SH", ..d() }.signed_by(&w.sh_issuer),
        t(H),
    ));
    v.push(case(
        "issuer_region_mismatch",
        "Henan's key signed a credential that says it comes from Zhejiang.",
        rejected("issuer_region_mismatch"),
        d().signed_by(&w.ha_issuer),
        t(H),
    ));

    // The agreement with Zhejiang: from T0 + 2 h (inclusive) until T0 + 30 h (exclusive).
    let agreement = [
        (
            "agreement_not_started_one_second_before_from",
            "One second before the agreement starts.",
            rejected("agreement_not_started"),
            t(2 * H - 1),
        ),
        (
            "accepted_agreement_from",
            "The very second the agreement starts (from is inclusive).",
            accepted(),
            t(2 * H),
        ),
        (
            "accepted_agreement_one_second_before_until",
            "The last second of the agreement.",
            accepted(),
            t(30 * H - 1),
        ),
        (
            "agreement_ended_at_until",
            "The second the agreement ends (until is exclusive).",
            rejected("agreement_ended"),
            t(30 * H),
        ),
    ];
    for (name, why, expect, now) in agreement {
        v.push(case(name, why, expect, zj(w, d()), now).on(List::Agreement));
    }

    // Key windows: a key may sign what is issued within not_before ..= not_after.
    v.push(case(
        "key_not_valid_at_issuance",
        "Zhejiang's retired key, which may sign only what was issued up to T0 - 10 days, signed at T0.",
        rejected("key_not_valid_at_issuance"),
        d().signed_by(&w.zj_old),
        t(H),
    ));
    let window = [
        (
            "key_not_valid_at_issuance_one_second_before_not_before",
            "Issued one second before the key's window opens.",
            rejected("key_not_valid_at_issuance"),
            -2 * H - 1,
        ),
        (
            "accepted_key_window_at_not_before",
            "Issued the second the key's window opens (inclusive).",
            accepted(),
            -2 * H,
        ),
        (
            "accepted_key_window_at_not_after",
            "Issued the second the key's window closes (inclusive).",
            accepted(),
            2 * H,
        ),
        (
            "key_not_valid_at_issuance_one_second_after_not_after",
            "Issued one second after the key's window closed.",
            rejected("key_not_valid_at_issuance"),
            2 * H + 1,
        ),
    ];
    for (name, why, expect, issued) in window {
        let text = Cred { region: "CN-HA", issued_at: t(issued), ..d() }.signed_by(&windowed());
        v.push(case(name, why, expect, text, t(3 * H)).on(List::KeyWindow));
    }

    // Compromise: credentials issued at or after the compromise time are rejected.
    v.push(case(
        "key_compromised_at_compromise_time",
        "Issued by Zhejiang's stolen key the second it was reported compromised (T0 - 1 hour).",
        rejected("key_compromised"),
        Cred { issued_at: t(-H), ..d() }.signed_by(&w.zj_stolen),
        t(H),
    ));
    v.push(case(
        "accepted_key_compromised_one_second_before",
        "Issued by the stolen key one second before its compromise: still genuine.",
        accepted(),
        Cred { issued_at: t(-H - 1), ..d() }.signed_by(&w.zj_stolen),
        t(H),
    ));

    v.push(case(
        "revoked",
        "Zhejiang revoked credential eeeeeeeeeeeeeeee.",
        rejected("revoked"),
        zj(w, Cred { id: [0xee; 8], ..d() }),
        t(H),
    ));

    time_and_terms::cases(w, &mut v);
    v
}

/// Writes `lists/`, one `<name>.txt` per case, and `README.md` into `dir`; returns the number
/// of cases.
pub fn write_all(dir: &Path) -> usize {
    let w = World::new();
    clear(dir, "txt");
    clear(&dir.join("lists"), "list");
    for list in LISTS {
        let path = dir.join(list.file());
        std::fs::create_dir_all(path.parent().expect("lists/")).expect("create fixtures/decisions/lists");
        std::fs::write(&path, list.bytes(&w)).expect("write a decision list");
    }
    let cases = cases(&w);
    for c in &cases {
        let vector = DecisionVector {
            expect: c.expect.clone(),
            stale: c.stale,
            comment: c.why.lines().map(|l| l.trim().to_owned()).collect(),
            root: w.ha_root.public_key().clone(),
            list: c.list.file().into(),
            now: c.now,
            options: c.options,
            credential: c.credential.clone(),
        };
        write(&dir.join(format!("{}.txt", c.name)), &vector.format());
    }
    write(&dir.join("README.md"), README);
    cases.len()
}

const README: &str = "\
# Decision vectors

Generated by `cargo run -p healthseal-fixtures`; do not edit. One file per case of the acceptance
decision: a credential, a trust list (`lists/`), the pinned root, a time, the options, and the
expected verdict, reason code and stale flag. The format, and how another implementation runs
them, is in [`docs/decision-vectors.md`](../../docs/decision-vectors.md);
`crates/healthseal-core/tests/decision_vectors.rs` runs them against `healthseal_core::decide`.
";
