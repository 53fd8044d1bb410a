//! The decision vectors about time and terms: the credential's own window, expiry, status and
//! the recognised region's terms, the list's freshness, the device clock, and the order in which
//! failed checks are reported.

use super::*;

/// Appends the cases to `v`.
pub(super) fn cases(w: &World, v: &mut Vec<Case>) {
    let d = Cred::default;
    // The credential's own times, with the default skew of 5 minutes.
    v.push(case(
        "issued_in_future_beyond_skew",
        "Issued 5 minutes and 1 second after now.",
        rejected("issued_in_future"),
        ha(w, Cred { issued_at: t(H + SKEW + 1), ..d() }),
        t(H),
    ));
    v.push(case(
        "accepted_issued_in_future_within_skew",
        "Issued exactly 5 minutes after now: within the skew.",
        accepted(),
        ha(w, Cred { issued_at: t(H + SKEW), ..d() }),
        t(H),
    ));
    v.push(case(
        "not_yet_valid_beyond_skew",
        "Valid from 5 minutes and 1 second after now.",
        rejected("not_yet_valid"),
        ha(w, Cred { not_before: Some(t(H + SKEW + 1)), ..d() }),
        t(H),
    ));
    v.push(case(
        "accepted_not_yet_valid_within_skew",
        "Valid from exactly 5 minutes after now: within the skew.",
        accepted(),
        ha(w, Cred { not_before: Some(t(H + SKEW)), ..d() }),
        t(H),
    ));
    let no_skew = options(0, 86_400, StaleMode::Warn);
    let huge_skew = options(HUGE, 86_400, StaleMode::Warn);
    v.push(
        case(
            "issued_in_future_without_skew",
            "With no skew, issued one second after now.",
            rejected("issued_in_future"),
            ha(w, Cred { issued_at: t(H + 1), ..d() }),
            t(H),
        )
        .with(no_skew),
    );
    v.push(
        case(
            "accepted_issued_at_now_without_skew",
            "With no skew, issued this very second.",
            accepted(),
            ha(w, Cred { issued_at: t(H), ..d() }),
            t(H),
        )
        .with(no_skew),
    );
    // Expiry at T0 + 2 h, checked this long after it, with these options (default if none).
    let expiry = [
        (
            "expired_by_skew",
            "Expired exactly 5 minutes ago: a credential is valid strictly before its expiry, plus the skew.",
            rejected("expired"),
            SKEW,
            None,
        ),
        (
            "accepted_expired_within_skew",
            "Expired 4 minutes 59 seconds ago: within the skew.",
            accepted(),
            SKEW - 1,
            None,
        ),
        (
            "expired_at_expiry_without_skew",
            "With no skew, checked the second the credential expires.",
            rejected("expired"),
            0,
            Some(no_skew),
        ),
        (
            "accepted_last_second_without_skew",
            "With no skew, checked the last second before the credential expires.",
            accepted(),
            -1,
            Some(no_skew),
        ),
        (
            "expired_with_skew_capped",
            "A skew of 300 years counts as the 1-hour cap: expired 1 hour ago is expired.",
            rejected("expired"),
            H,
            Some(huge_skew),
        ),
        (
            "accepted_expired_within_skew_cap",
            "A skew of 300 years counts as the 1-hour cap: expired 59 minutes 59 seconds ago passes.",
            accepted(),
            H - 1,
            Some(huge_skew),
        ),
    ];
    for (name, why, expect, after, settings) in expiry {
        let c = case(name, why, expect, ha(w, Cred { validity: 2 * H, ..d() }), t(2 * H + after));
        v.push(c.with(settings.unwrap_or_default()));
    }

    // Status and Zhejiang's terms (48 hours of age, 7 days of validity).
    v.push(case(
        "status_not_accepted_yellow_from_recognized_region",
        "A genuine yellow from Zhejiang: Henan accepts only green from there.",
        rejected("status_not_accepted"),
        zj(w, Cred { status: Status::Yellow, ..d() }),
        t(H),
    ));
    v.push(case(
        "status_not_accepted_red_from_own_region",
        "A genuine red from Henan: its own list accepts green and yellow.",
        rejected("status_not_accepted"),
        ha(w, Cred { status: Status::Red, ..d() }),
        t(H),
    ));
    v.push(case(
        "too_old_max_age_plus_one_second",
        "Issued 48 hours and 1 second before now, still valid: Zhejiang is accepted up to 48 hours.",
        rejected("too_old"),
        zj(w, Cred { issued_at: t(-47 * H - 1), ..d() }),
        t(H),
    ));
    v.push(case(
        "accepted_max_age_exactly",
        "Issued exactly 48 hours before now.",
        accepted(),
        zj(w, Cred { issued_at: t(-47 * H), ..d() }),
        t(H),
    ));
    v.push(case(
        "validity_exceeds_policy_plus_one_second",
        "Valid for 7 days and 1 second from issue: Zhejiang's cap is 7 days.",
        rejected("validity_exceeds_policy"),
        zj(w, Cred { validity: 7 * DAY + 1, ..d() }),
        t(H),
    ));
    v.push(case(
        "accepted_max_validity_exactly",
        "Valid for exactly 7 days from issue.",
        accepted(),
        zj(w, Cred { validity: 7 * DAY, ..d() }),
        t(H),
    ));
    v.push(case(
        "validity_exceeds_policy_counted_from_issue",
        "Valid 7 days from a start of validity 1 hour after issue: 7 days and 1 hour from issue.",
        rejected("validity_exceeds_policy"),
        zj(w, Cred { not_before: Some(t(H)), validity: 7 * DAY, ..d() }),
        t(2 * H),
    ));
    v.push(case(
        "accepted_later_start_within_max_validity",
        "Valid 7 days less 1 hour from a start 1 hour after issue: exactly 7 days from issue.",
        accepted(),
        zj(w, Cred { not_before: Some(t(H)), validity: 7 * DAY - H, ..d() }),
        t(2 * H),
    ));
    v.push(
        case(
            "validity_exceeds_policy_forged_before_compromise",
            "A thief of the stolen key dates a forgery before the compromise, valid 72 hours from a start\n\
             5 days later; without max_age, max_validity counted from issue rejects it. The list is\n\
             stale by then (warn).",
            rejected("validity_exceeds_policy"),
            Cred { issued_at: t(-2 * H), not_before: Some(t(5 * DAY)), ..d() }.signed_by(&w.zj_stolen),
            t(6 * DAY),
        )
        .on(List::NoMaxAge)
        .stale(),
    );

    // The list's freshness: due at T0 + 24 h, stale after the grace (default 24 hours).
    let at = |now: i64| ha(w, Cred { issued_at: t(now), ..d() });
    v.push(
        case(
            "trust_list_stale_one_second_past_grace",
            "One second past next update plus grace, with stale lists rejected.",
            rejected("trust_list_stale"),
            at(STALE_AFTER + 1),
            t(STALE_AFTER + 1),
        )
        .with(reject_stale())
        .stale(),
    );
    v.push(
        case(
            "accepted_stale_reject_at_grace_end",
            "The last second of the grace: not stale yet, even with stale lists rejected.",
            accepted(),
            at(STALE_AFTER),
            t(STALE_AFTER),
        )
        .with(reject_stale()),
    );
    v.push(
        case(
            "accepted_stale_warn_one_second_past_grace",
            "One second past the grace, stale lists only warned about: accepted, marked stale.",
            accepted(),
            at(STALE_AFTER + 1),
            t(STALE_AFTER + 1),
        )
        .stale(),
    );
    v.push(
        case(
            "expired_stale_warn",
            "A stale list in warn mode decides as usual; the rejection is marked stale too.",
            rejected("expired"),
            ha(w, Cred { validity: 2 * H, ..d() }),
            t(STALE_AFTER + 1),
        )
        .stale(),
    );
    let no_grace = options(300, 0, StaleMode::Reject);
    v.push(
        case(
            "trust_list_stale_without_grace",
            "No grace: one second past the next update.",
            rejected("trust_list_stale"),
            at(DAY + 1),
            t(DAY + 1),
        )
        .with(no_grace)
        .stale(),
    );
    v.push(
        case(
            "accepted_stale_without_grace_at_next_update",
            "No grace: the very second of the next update is not stale.",
            accepted(),
            at(DAY),
            t(DAY),
        )
        .with(no_grace),
    );
    let huge_grace = options(300, HUGE, StaleMode::Reject);
    v.push(
        case(
            "trust_list_stale_with_grace_capped",
            "A grace of 300 years counts as the 14-day cap: one second past it.",
            rejected("trust_list_stale"),
            at(DAY + 14 * DAY + 1),
            t(DAY + 14 * DAY + 1),
        )
        .with(huge_grace)
        .stale(),
    );
    v.push(
        case(
            "accepted_grace_capped_at_its_end",
            "A grace of 300 years counts as the 14-day cap: its last second.",
            accepted(),
            at(DAY + 14 * DAY),
            t(DAY + 14 * DAY),
        )
        .with(huge_grace),
    );

    // The device clock against the list's issue time (T0), with the skew.
    let early = || ha(w, Cred { issued_at: t(-2 * DAY), ..d() });
    v.push(case(
        "device_clock_wrong",
        "The device's clock is an hour earlier than the list was signed.",
        rejected("device_clock_wrong"),
        early(),
        t(-H),
    ));
    v.push(case(
        "device_clock_wrong_beyond_skew",
        "The device's clock is 5 minutes and 1 second earlier than the list.",
        rejected("device_clock_wrong"),
        early(),
        t(-SKEW - 1),
    ));
    v.push(case(
        "accepted_device_clock_within_skew",
        "The device's clock is exactly 5 minutes earlier than the list: believed.",
        accepted(),
        early(),
        t(-SKEW),
    ));
    v.push(
        case(
            "device_clock_wrong_without_skew",
            "With no skew, one second earlier than the list.",
            rejected("device_clock_wrong"),
            early(),
            t(-1),
        )
        .with(no_skew),
    );
    v.push(
        case(
            "accepted_device_clock_at_list_time_without_skew",
            "With no skew, the very second the list was signed.",
            accepted(),
            early(),
            t(0),
        )
        .with(no_skew),
    );
    v.push(
        case(
            "device_clock_wrong_with_skew_capped",
            "A skew of 300 years counts as the 1-hour cap: 1 hour and 1 second earlier than the list.",
            rejected("device_clock_wrong"),
            early(),
            t(-H - 1),
        )
        .with(huge_skew),
    );
    v.push(
        case(
            "accepted_device_clock_within_skew_cap",
            "A skew of 300 years counts as the 1-hour cap: exactly 1 hour earlier than the list.",
            accepted(),
            early(),
            t(-H),
        )
        .with(huge_skew),
    );

    // Order: when several checks fail, the first in the documented order gives the reason.
    v.push(case(
        "order_device_clock_before_malformed",
        "Unreadable text on a device whose clock is wrong: the clock is checked first.",
        rejected("device_clock_wrong"),
        "HS1:not base45!".into(),
        t(-H),
    ));
    v.push(
        case(
            "order_stale_before_malformed",
            "Unreadable text with a stale list that rejects: freshness is checked before the text.",
            rejected("trust_list_stale"),
            "HS1:not base45!".into(),
            t(STALE_AFTER + 1),
        )
        .with(reject_stale())
        .stale(),
    );
    v.push(case(
        "order_region_mismatch_before_revoked",
        "Henan's key signs a Zhejiang credential whose id Zhejiang revoked: the mismatch comes first.",
        rejected("issuer_region_mismatch"),
        Cred { id: [0xee; 8], ..d() }.signed_by(&w.ha_issuer),
        t(H),
    ));
    v.push(case(
        "order_compromised_before_revoked",
        "The stolen key, after its compromise, on a revoked id: the compromise comes first.",
        rejected("key_compromised"),
        Cred { issued_at: t(-H), id: [0xee; 8], ..d() }.signed_by(&w.zj_stolen),
        t(H),
    ));
    v.push(case(
        "order_revoked_before_expired",
        "Revoked and expired: revocation comes first.",
        rejected("revoked"),
        zj(w, Cred { id: [0xee; 8], validity: 2 * H, ..d() }),
        t(3 * H),
    ));
    v.push(case(
        "order_expired_before_status",
        "An expired yellow from Zhejiang: the time window comes before the status.",
        rejected("expired"),
        zj(w, Cred { status: Status::Yellow, validity: 2 * H, ..d() }),
        t(3 * H),
    ));
    v.push(case(
        "order_status_before_too_old",
        "A yellow from Zhejiang, too old as well: the status comes before max_age.",
        rejected("status_not_accepted"),
        zj(w, Cred { status: Status::Yellow, issued_at: t(-47 * H - 1), ..d() }),
        t(H),
    ));
    v.push(case(
        "order_too_old_before_validity_cap",
        "Too old and valid for too long: max_age comes before max_validity.",
        rejected("too_old"),
        zj(w, Cred { issued_at: t(-47 * H - 1), validity: 7 * DAY + 1, ..d() }),
        t(H),
    ));
}
