//! Verdicts and credentials as JSON, for programs: the CLI's `--json` lines and the checkpoint
//! app read the same shapes, documented in docs/cli.md.

use healthseal_core::{Credential, ListStatus, Timestamp, Verdict};
use serde_json::{json, Value};

/// The credential as JSON (times as RFC 3339 and as Unix seconds).
///
/// ```
/// # use healthseal_core::*;
/// # let t = Timestamp::from_unix(1_795_564_800).unwrap();
/// let credential = CredentialDraft { region: "CN-HA".parse()?, issued_at: t, not_before: None,
///     expires_at: Timestamp::from_unix(t.unix() + 3600).unwrap(), id: CredentialId::from_bytes([1; 8]),
///     status: Status::Green, name: "Liu Yang".into(), birth_date: "1980".into(), basis: None }.check()?;
/// let json = healthseal_verifier::credential_json(&credential);
/// assert_eq!(json["name"], "Liu Yang");
/// assert_eq!(json["expires_at_unix"], 1_795_568_400);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn credential_json(c: &Credential) -> Value {
    json!({
        "status": c.status().name(),
        "name": c.name().as_str(),
        "birth_date": c.birth_date().to_string(),
        "region": c.region().as_str(),
        "issued_at": c.issued_at().to_string(),
        "issued_at_unix": c.issued_at().unix(),
        "not_before": c.not_before().map(|t| t.to_string()),
        "expires_at": c.expires_at().to_string(),
        "expires_at_unix": c.expires_at().unix(),
        "basis": c.basis().map(|b| b.name()),
        "credential_id": c.id().to_string(),
    })
}

/// The trust list behind a verdict as JSON.
pub fn list_status_json(l: &ListStatus) -> Value {
    json!({
        "owner": l.owner.as_str(),
        "sequence": l.sequence,
        "issued_at": l.issued_at.to_string(),
        "issued_at_unix": l.issued_at.unix(),
        "next_update": l.next_update.to_string(),
        "next_update_unix": l.next_update.unix(),
        "age_secs": l.age_secs,
        "stale": l.stale,
    })
}

/// The verdict as JSON: `verdict` (`accepted` / `rejected`), the stable `reason` code and its
/// `detail` and `message` for a rejection, the credential when its signature held, the region's
/// name, the signing key's kid, the time of the check and the trust list's status. `source`
/// says where the text came from (a file and line, an image and code number).
pub fn verdict_json(source: &str, verdict: &Verdict, now: Timestamp) -> Value {
    match verdict {
        Verdict::Accepted(a) => json!({
            "source": source,
            "verdict": "accepted",
            "reason": null,
            "detail": null,
            "message": null,
            "credential": credential_json(&a.credential),
            "region_name": a.region_name,
            "kid": a.credential.kid().to_string(),
            "checked_at": now.to_string(),
            "trust_list": list_status_json(&a.list),
        }),
        Verdict::Rejected(r) => json!({
            "source": source,
            "verdict": "rejected",
            "reason": r.reason.code(),
            "detail": r.reason.detail(),
            "message": r.reason.to_string(),
            "credential": r.credential.as_ref().map(|c| credential_json(c)),
            "region_name": null,
            "kid": r.credential.as_ref().map(|c| c.kid().to_string()),
            "checked_at": now.to_string(),
            "trust_list": list_status_json(&r.list),
        }),
    }
}
