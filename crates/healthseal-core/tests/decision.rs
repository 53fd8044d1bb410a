//! The acceptance decision: one test per rejection reason, each credential failing for that
//! reason alone, and the accepted cases. Henan (CN-HA) is the checkpoint's province.

use healthseal_core::*;
use healthseal_test_support::clock::{t, H};
use healthseal_test_support::world::{raw_claims, sign_raw, Cred, World};

fn decide_at(world: &World, text: &str, now: Timestamp) -> Verdict {
    decide(text, &world.list(|_| {}), now, &DecisionOptions::default())
}

fn rejected(verdict: Verdict) -> Rejection {
    match verdict {
        Verdict::Rejected(r) => *r,
        Verdict::Accepted(a) => panic!("accepted: {:?}", a.credential),
    }
}

fn accepted(verdict: Verdict) -> Acceptance {
    match verdict {
        Verdict::Accepted(a) => *a,
        Verdict::Rejected(r) => panic!("rejected: {} ({})", r.reason, r.reason.code()),
    }
}

fn reason(world: &World, text: &str, now: Timestamp) -> &'static str {
    rejected(decide_at(world, text, now)).reason.code()
}

#[test]
fn accepts_own_province_green_and_yellow() {
    let w = World::new();
    for status in [Status::Green, Status::Yellow] {
        let text = Cred { region: "CN-HA", status, ..Cred::default() }.signed_by(&w.ha_issuer);
        let a = accepted(decide_at(&w, &text, t(H)));
        assert_eq!(a.credential.status(), status);
        assert_eq!(a.region_name, "Henan");
        assert_eq!(a.list.sequence, 7);
        assert_eq!(a.list.age_secs, H);
        assert!(!a.list.stale);
    }
}

#[test]
fn accepts_recognised_province_green() {
    let w = World::new();
    let a = accepted(decide_at(&w, &Cred::default().signed_by(&w.zj_issuer), t(2 * H)));
    assert_eq!(a.credential.region().as_str(), "CN-ZJ");
    assert_eq!(a.region_name, "Zhejiang");
    assert_eq!(a.credential.name().as_str(), "Wang Fang");
}

#[test]
fn malformed() {
    let w = World::new();
    let r = rejected(decide_at(&w, "HS1:not base45!", t(0)));
    assert_eq!(r.reason.code(), "malformed");
    assert_eq!(r.reason.detail(), Some("base45_invalid_character"));
    assert!(r.credential.is_none());
}

#[test]
fn malformed_claims() {
    let w = World::new();
    // Genuinely signed by a listed key, but status 7 does not exist.
    let r = rejected(decide_at(&w, &sign_raw(&raw_claims(7), &w.zj_issuer), t(H)));
    assert_eq!(r.reason.code(), "malformed_claims");
    assert_eq!(r.reason.detail(), Some("claims_unknown_status"));
}

#[test]
fn unknown_issuer_key() {
    let w = World::new();
    let text = Cred { region: "CN-HA", ..Cred::default() }.signed_by(&w.ha_unlisted);
    assert_eq!(reason(&w, &text, t(H)), "unknown_issuer_key");
}

#[test]
fn bad_signature() {
    let w = World::new();
    let text = Cred::default().signed_by(&w.zj_issuer);
    let mut cose = decode_text(&text).unwrap();
    let at = cose.windows(9).position(|s| s == b"Wang Fang").unwrap();
    cose[at] = b'X'; // "Xang Fang": the payload no longer matches its signature
    assert_eq!(reason(&w, &encode_text(&cose), t(H)), "bad_signature");
}

#[test]
fn region_not_recognized() {
    let w = World::new();
    let r =
        rejected(decide_at(&w, &Cred { region: "CN-SH", ..Cred::default() }.signed_by(&w.sh_issuer), t(H)));
    assert_eq!(r.reason, Reason::RegionNotRecognized { claimed: "CN-SH".into() });
}

#[test]
fn issuer_region_mismatch() {
    // A Henan key signs a credential that says it is from Zhejiang.
    let w = World::new();
    let text = Cred { region: "CN-ZJ", ..Cred::default() }.signed_by(&w.ha_issuer);
    assert_eq!(reason(&w, &text, t(H)), "issuer_region_mismatch");
}

#[test]
fn agreement_not_started() {
    let w = World::new();
    let list = w.list(|d| d.regions[1].policy.from = Some(t(10 * 24 * H)));
    let r =
        rejected(decide(&Cred::default().signed_by(&w.zj_issuer), &list, t(H), &DecisionOptions::default()));
    assert_eq!(r.reason.code(), "agreement_not_started");
}

#[test]
fn agreement_expired() {
    let w = World::new();
    let list = w.list(|d| d.regions[1].policy.until = Some(t(2 * H)));
    let text = Cred::default().signed_by(&w.zj_issuer);
    assert!(matches!(decide(&text, &list, t(H), &DecisionOptions::default()), Verdict::Accepted(_)));
    let r = rejected(decide(&text, &list, t(2 * H), &DecisionOptions::default()));
    assert_eq!(r.reason.code(), "agreement_ended");
}

#[test]
fn key_not_valid_at_issuance() {
    // The old key may sign only what was issued before T0 - 10 days.
    let w = World::new();
    let text = Cred::default().signed_by(&w.zj_old);
    assert_eq!(reason(&w, &text, t(H)), "key_not_valid_at_issuance");
}

#[test]
fn key_compromised_since_t_rejects_from_t_on_and_passes_before() {
    let w = World::new();
    let after = Cred { issued_at: t(-H), ..Cred::default() }.signed_by(&w.zj_stolen);
    assert_eq!(reason(&w, &after, t(H)), "key_compromised");
    let before = Cred { issued_at: t(-H - 1), ..Cred::default() }.signed_by(&w.zj_stolen);
    accepted(decide_at(&w, &before, t(H)));
}

#[test]
fn revoked() {
    let w = World::new();
    let text = Cred { id: [0xee; 8], ..Cred::default() }.signed_by(&w.zj_issuer);
    let r = rejected(decide_at(&w, &text, t(H)));
    assert_eq!(r.reason, Reason::Revoked { id: CredentialId::from_bytes([0xee; 8]) });
    assert!(r.credential.is_some(), "a genuine credential's holder is shown with the reason");
}

#[test]
fn issued_in_future() {
    let w = World::new();
    let text = Cred { region: "CN-HA", issued_at: t(2 * H), ..Cred::default() }.signed_by(&w.ha_issuer);
    assert_eq!(reason(&w, &text, t(H)), "issued_in_future");
}

#[test]
fn not_yet_valid() {
    let w = World::new();
    let text =
        Cred { region: "CN-HA", not_before: Some(t(3 * H)), ..Cred::default() }.signed_by(&w.ha_issuer);
    assert_eq!(reason(&w, &text, t(H)), "not_yet_valid");
}

#[test]
fn expired() {
    let w = World::new();
    let text = Cred { region: "CN-HA", validity: 2 * H, ..Cred::default() }.signed_by(&w.ha_issuer);
    assert_eq!(reason(&w, &text, t(3 * H)), "expired");
}

#[test]
fn status_not_accepted() {
    // A genuine yellow from Zhejiang: valid, but Henan accepts only green from there.
    let w = World::new();
    let text = Cred { status: Status::Yellow, ..Cred::default() }.signed_by(&w.zj_issuer);
    let r = rejected(decide_at(&w, &text, t(H)));
    assert_eq!(
        r.reason,
        Reason::StatusNotAccepted { status: Status::Yellow, region: "CN-ZJ".parse().unwrap() }
    );
    assert_eq!(r.credential.unwrap().status(), Status::Yellow);
}

#[test]
fn too_old() {
    // Issued 50 hours ago, still valid, but Zhejiang credentials are accepted up to 48 hours.
    let w = World::new();
    let text = Cred { issued_at: t(-50 * H + H), ..Cred::default() }.signed_by(&w.zj_issuer);
    assert_eq!(reason(&w, &text, t(H)), "too_old");
}

#[test]
fn validity_exceeds_policy() {
    let w = World::new();
    let text = Cred { validity: 10 * 24 * H, ..Cred::default() }.signed_by(&w.zj_issuer);
    assert_eq!(reason(&w, &text, t(H)), "validity_exceeds_policy");
}

#[test]
fn validity_cap_is_measured_from_issue_time_not_from_a_chosen_start_of_validity() {
    // A thief of Zhejiang's stolen key (compromised since T0 - 1 hour) dates a forgery just before
    // the compromise and gives it a start of validity days later: 72 hours from that start. With
    // no max_age, only max_validity (7 days) can bound it, and it does, counted from the issue time.
    let w = World::new();
    let list = w.list(|d| d.regions[1].policy.max_age = None);
    let forged = Cred { issued_at: t(-2 * H), not_before: Some(t(5 * 24 * H)), ..Cred::default() }
        .signed_by(&w.zj_stolen);
    let r = rejected(decide(&forged, &list, t(6 * 24 * H), &DecisionOptions::default()));
    assert_eq!(
        r.reason,
        Reason::ValidityExceedsPolicy {
            validity: std::time::Duration::from_secs((8 * 24 * H + 2 * H) as u64),
            max: std::time::Duration::from_secs((7 * 24 * H) as u64),
        }
    );
    assert_eq!(r.reason.code(), "validity_exceeds_policy");
    assert_eq!(
        r.reason.to_string(),
        "valid until 194 hours after its issue, longer than the 7 days accepted here"
    );
}

#[test]
fn a_stolen_key_cannot_forge_past_its_compromise_time_plus_max_validity() {
    // Whatever issue time and start of validity the thief picks, a forgery that passes expires
    // no later than T + max_validity (T = T0 - 1 hour, max_validity 7 days), even without max_age.
    let w = World::new();
    let list = w.list(|d| d.regions[1].policy.max_age = None);
    let bound = t(-H + 7 * 24 * H);
    let mut passed = 0;
    for issued in [-30 * 24 * H, -8 * 24 * H, -24 * H, -H - 1] {
        for start in [None, Some(0), Some(3 * 24 * H), Some(6 * 24 * H), Some(20 * 24 * H)] {
            for validity in [H, 72 * H, 7 * 24 * H, 30 * 24 * H] {
                let issued_at = t(issued);
                let not_before = start.map(t).filter(|nbf| *nbf > issued_at);
                let cred = Cred { issued_at, not_before, validity, ..Cred::default() };
                let expires_at = cred.credential().expires_at();
                let text = cred.signed_by(&w.zj_stolen);
                // Checked when the forgery starts to be valid (or when the list was signed).
                let now = not_before.unwrap_or(issued_at).max(t(0));
                if let Verdict::Accepted(_) = decide(&text, &list, now, &DecisionOptions::default()) {
                    passed += 1;
                    assert!(expires_at <= bound, "a forgery valid until {expires_at} passed");
                }
            }
        }
    }
    assert!(passed > 0, "some forgeries dated before T within the cap still pass");
}

#[test]
fn a_later_start_of_validity_counts_towards_max_validity() {
    // Genuine: issued at T0, valid from T0 + 1 hour. 7 days from issue passes; 7 days from the
    // start (7 days and 1 hour from issue) exceeds Henan's 7-day cap for Zhejiang.
    let w = World::new();
    let within =
        Cred { not_before: Some(t(H)), validity: 7 * 24 * H - H, ..Cred::default() }.signed_by(&w.zj_issuer);
    accepted(decide_at(&w, &within, t(2 * H)));
    let beyond =
        Cred { not_before: Some(t(H)), validity: 7 * 24 * H, ..Cred::default() }.signed_by(&w.zj_issuer);
    assert_eq!(reason(&w, &beyond, t(2 * H)), "validity_exceeds_policy");
}

#[test]
fn stale_list_warns_by_default_and_rejects_when_configured() {
    let w = World::new();
    let list = w.list(|_| {});
    let late = t(24 * H + 24 * H + 1); // next update plus the default 24 hours of grace, plus a second
    let text = Cred { region: "CN-HA", issued_at: late, ..Cred::default() }.signed_by(&w.ha_issuer);
    let warned = accepted(decide(&text, &list, late, &DecisionOptions::default()));
    assert!(warned.list.stale);
    let strict = DecisionOptions { stale: StaleMode::Reject, ..DecisionOptions::default() };
    let r = rejected(decide(&text, &list, late, &strict));
    assert_eq!(r.reason.code(), "trust_list_stale");
    assert!(r.list.stale);
    // One second earlier it is not stale.
    assert!(!accepted(decide(&text, &list, t(48 * H), &strict)).list.stale);
}

#[test]
fn device_clock_wrong() {
    let w = World::new();
    let text = Cred { region: "CN-HA", issued_at: t(-48 * H), ..Cred::default() }.signed_by(&w.ha_issuer);
    let r = rejected(decide_at(&w, &text, t(-H)));
    assert_eq!(r.reason, Reason::DeviceClockWrong { now: t(-H), list_issued_at: t(0) });
    // Within the skew tolerance the clock is believed.
    accepted(decide_at(&w, &text, t(-60)));
}

#[test]
fn every_reason_code_is_covered_by_a_test_here() {
    let source = include_str!("decision.rs");
    for code in Reason::CODES {
        let tested = source.contains(&format!("\"{code}\"")) || source.contains(&format!("fn {code}()"));
        assert!(tested, "no test names reason {code}");
    }
}

#[test]
fn rejection_reasons_read_as_plain_words() {
    let w = World::new();
    let text = Cred { status: Status::Red, ..Cred::default() }.signed_by(&w.zj_issuer);
    let r = rejected(decide_at(&w, &text, t(H)));
    assert_eq!(r.reason.to_string(), "status RED from CN-ZJ is not accepted here");
}

/// Issue 10, item 7: a skew of 300 years used to switch expiry, not-yet-valid and the device
/// clock check off; decide caps the tolerances whatever it is given.
#[test]
fn tolerances_cannot_switch_checks_off() {
    let w = World::new();
    let text = Cred::default().signed_by(&w.zj_issuer);
    let wide = DecisionOptions {
        skew: std::time::Duration::from_secs(300 * 365 * 24 * 3600),
        stale_grace: std::time::Duration::from_secs(300 * 365 * 24 * 3600),
        stale: StaleMode::Reject,
    };
    let list = w.list(|_| {});
    let code = |now| match decide(&text, &list, now, &wide) {
        Verdict::Rejected(r) => r.reason.code(),
        Verdict::Accepted(_) => "accepted",
    };
    assert_eq!(code(t(0)), "accepted");
    // Four days after issue (72 h validity, 24 h grace after next update is over): the grace is
    // capped at 14 days, so the list is not yet stale, and the credential has expired.
    assert_eq!(code(t(4 * 24 * H)), "expired");
    assert_eq!(code(t(-2 * H)), "device_clock_wrong");
    assert_eq!(code(t(30 * 24 * H)), "trust_list_stale");
}
