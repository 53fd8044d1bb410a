//! Showing trust lists and issuer statements to people (and programs), so a trust office can audit
//! exactly what it recognises.

use std::path::Path;

use healthseal_core::{
    format_duration, IssuingKey, Kid, Policy, PublicKey, RegionEntry, StatusSet, Succession, TrustDocError,
    TrustDocument as Document,
};
use serde_json::{json, Value};

use crate::exit::{CliError, CliResult, Outcome};
use crate::files::document_error;
use crate::output;

/// `green, yellow`.
pub fn statuses(set: StatusSet) -> String {
    set.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
}

/// Reads either kind, unverified, with the signer's kid, in one reading of the bytes.
fn read(bytes: &[u8], path: &Path) -> CliResult<(Document, Kid)> {
    if bytes.starts_with(healthseal_core::PREFIX.as_bytes()) {
        return Err(CliError::unreadable(format!(
            "{} holds a credential (HS1: text), not a trust list or statement",
            path.display()
        ))
        .hint("inspect it with `healthseal inspect`, check it with `healthseal verify`"));
    }
    Document::read_unverified(bytes).map_err(|e| document_error(path, e))
}

/// Checks the signature under `root`, or under the root its succession leads to from `root`;
/// returns the kid of the root that signed.
fn check(bytes: &[u8], root: &PublicKey) -> Result<Kid, TrustDocError> {
    Document::open(bytes, root).map(|opened| opened.kid())
}

/// How a valid signature is described: by the given root, or by a later one it named.
fn signed_by(given: &PublicKey, signer: Kid) -> String {
    if signer == given.kid() {
        format!("root {signer}")
    } else {
        format!("root {signer}, named by root {} through the root succession it carries", given.kid())
    }
}

/// Shows a document of either kind, checking its signature when `root` is given; returns the
/// outcome and the document read, for the caller's further notes.
pub fn show(
    bytes: &[u8],
    root: Option<&PublicKey>,
    json: bool,
    path: &Path,
) -> CliResult<(Outcome, Document)> {
    let (doc, kid) = read(bytes, path)?;
    let signature = root.map(|r| check(bytes, r));
    let signature_text = match &signature {
        None => "not checked (pass --root ROOT.pub to check)".to_owned(),
        Some(Ok(signer)) if Some(*signer) == root.map(PublicKey::kid) => {
            "valid under the given root".to_owned()
        }
        Some(Ok(signer)) => {
            format!("valid under root {signer}, led to from the given root by the document's root succession")
        }
        Some(Err(e)) => format!("INVALID: {e}"),
    };
    if json {
        let mut data = to_json(&doc);
        data["signed_by_kid"] = json!(kid.to_string());
        data["signature"] = json!(match &signature {
            None => "not_checked",
            Some(Ok(_)) => "valid",
            Some(Err(_)) => "invalid",
        });
        let kind = if matches!(doc, Document::List(_)) { "trust_list" } else { "statement" };
        output::json(kind, data);
    } else {
        print_human(&doc, kid, &signature_text);
    }
    let outcome = match signature {
        Some(Err(_)) => Outcome::Rejected,
        _ => Outcome::Success,
    };
    Ok((outcome, doc))
}

pub fn verify(bytes: &[u8], root: &PublicKey, json: bool, path: &Path) -> CliResult {
    let (doc, _) = read(bytes, path)?;
    let (kind, summary) = match &doc {
        Document::List(l) => {
            ("trust list", format!("#{} of {}, {} region(s)", l.sequence(), l.owner(), l.regions().len()))
        }
        Document::Statement(s) => ("statement", format!("#{} of {} ({})", s.sequence, s.region, s.name)),
    };
    let result = check(bytes, root);
    if json {
        output::json(
            "signature",
            json!({
                "document": kind.replace(' ', "_"),
                "valid": result.is_ok(),
                "error": result.as_ref().err().map(|e| json!({"code": e.code(), "message": e.to_string()})),
            }),
        );
    }
    match result {
        Ok(signer) => {
            if !json {
                output::line(&format!("valid: {kind} {summary}, signed by {}", signed_by(root, signer)));
            }
            Ok(Outcome::Success)
        }
        Err(e) if json => {
            let _ = e;
            Ok(Outcome::Rejected)
        }
        Err(e) => Err(CliError {
            outcome: Outcome::Rejected,
            message: format!("{}: {e}", path.display()),
            hint: None,
        }),
    }
}

fn print_human(doc: &Document, kid: Kid, signature: &str) {
    match doc {
        Document::List(list) => {
            output::line(&format!("trust list #{} of {}", list.sequence(), list.owner()));
            output::line(&format!("  signed by      root key {kid}"));
            output::line(&format!("  signature      {signature}"));
            output::line(&format!("  issued         {}", list.issued_at()));
            output::line(&format!("  next update    {}", list.next_update()));
            print_succession(list.succession());
            output::line(&format!("  regions        {}", list.regions().len()));
            for entry in list.regions() {
                output::line("");
                print_region(entry, entry.region == *list.owner());
            }
        }
        Document::Statement(s) => {
            output::line(&format!("issuer statement #{} of {} ({})", s.sequence, s.region, s.name));
            output::line(&format!("  signed by      root key {kid}"));
            output::line(&format!("  signature      {signature}"));
            output::line(&format!("  root key       {} (as the statement names it)", s.root.kid()));
            output::line(&format!("  issued         {}", s.issued_at));
            print_succession(&s.succession);
            print_keys(&s.keys);
            output::line(&format!("  revoked        {} credential(s)", s.revoked.len()));
        }
    }
}

/// One line per root succession, if the province replaced its root.
fn print_succession(chain: &Succession) {
    for step in chain.steps() {
        let r = step.record();
        output::line(&format!(
            "  succession #{} root {} named root {} ({})",
            r.number,
            r.old_root.kid(),
            r.new_root.kid(),
            r.issued_at
        ));
    }
}

fn succession_json(chain: &Succession) -> Value {
    chain
        .steps()
        .iter()
        .map(|step| {
            let r = step.record();
            json!({
                "number": r.number,
                "old_root_kid": r.old_root.kid().to_string(),
                "new_root_kid": r.new_root.kid().to_string(),
                "issued_at": r.issued_at.to_string(),
            })
        })
        .collect()
}

fn print_region(entry: &RegionEntry, own: bool) {
    let whose = if own { "this province" } else { "recognised" };
    output::line(&format!(
        "{} {} ({whose}; statement #{}, root {})",
        entry.region,
        entry.name,
        entry.statement_sequence,
        entry.root.kid()
    ));
    print_policy(&entry.policy);
    print_keys(&entry.keys);
    output::line(&format!("  revoked        {} credential(s)", entry.revoked.len()));
}

fn print_policy(p: &Policy) {
    let limit = |d: Option<std::time::Duration>| d.map(format_duration).unwrap_or_else(|| "no limit".into());
    output::line(&format!("  accepts        {}", statuses(p.accept)));
    output::line(&format!("  max age        {}", limit(p.max_age)));
    output::line(&format!("  max validity   {}", limit(p.max_validity)));
    let agreement = match (p.from, p.until) {
        (None, None) => "no time limit".to_owned(),
        (Some(f), None) => format!("from {f}"),
        (None, Some(u)) => format!("until {u}"),
        (Some(f), Some(u)) => format!("from {f} until {u}"),
    };
    output::line(&format!("  agreement      {agreement}"));
}

/// The keys by site label (keys without one last), so an auditor sees each site's keys together.
fn print_keys(keys: &[IssuingKey]) {
    output::line(&format!("  issuing keys   {}", keys.len()));
    let mut keys: Vec<&IssuingKey> = keys.iter().collect();
    keys.sort_by(|a, b| (a.site.is_none(), &a.site).cmp(&(b.site.is_none(), &b.site)));
    for k in keys {
        let site = k.site.as_deref().map(|s| format!("site {s:?}  ")).unwrap_or_default();
        let mut line = format!("    {site}{}  {}", k.key.kid(), k.status.name());
        if let Some(since) = k.compromised_since() {
            line.push_str(&format!(" since {since}"));
        }
        if let Some(t) = k.not_before {
            line.push_str(&format!(", signs from {t}"));
        }
        if let Some(t) = k.not_after {
            line.push_str(&format!(", signs until {t}"));
        }
        output::line(&line);
    }
}

fn keys_json(keys: &[IssuingKey]) -> Value {
    keys.iter()
        .map(|k| {
            json!({
                "kid": k.key.kid().to_string(),
                "public_key": hex(k.key.as_bytes()),
                "status": k.status.name(),
                "compromised_since": k.compromised_since().map(|t| t.to_string()),
                "not_before": k.not_before.map(|t| t.to_string()),
                "not_after": k.not_after.map(|t| t.to_string()),
                "site": k.site,
            })
        })
        .collect()
}

fn policy_json(p: &Policy) -> Value {
    json!({
        "accept": p.accept.iter().map(|s| s.name()).collect::<Vec<_>>(),
        "max_age_secs": p.max_age.map(|d| d.as_secs()),
        "max_validity_secs": p.max_validity.map(|d| d.as_secs()),
        "from": p.from.map(|t| t.to_string()),
        "until": p.until.map(|t| t.to_string()),
    })
}

fn to_json(doc: &Document) -> Value {
    let mut value = body_json(doc);
    // Only for provinces that replaced their root: the output of others is as before.
    if !doc.succession().is_empty() {
        value["succession"] = succession_json(doc.succession());
    }
    value
}

fn body_json(doc: &Document) -> Value {
    match doc {
        Document::List(l) => json!({
            "owner": l.owner().as_str(),
            "sequence": l.sequence(),
            "issued_at": l.issued_at().to_string(),
            "next_update": l.next_update().to_string(),
            "regions": l.regions().iter().map(|e| json!({
                "region": e.region.as_str(),
                "name": e.name,
                "root_kid": e.root.kid().to_string(),
                "root": hex(e.root.as_bytes()),
                "statement_sequence": e.statement_sequence,
                "policy": policy_json(&e.policy),
                "keys": keys_json(&e.keys),
                "revoked": e.revoked.iter().map(|id| id.to_string()).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        }),
        Document::Statement(s) => json!({
            "region": s.region.as_str(),
            "name": s.name,
            "root_kid": s.root.kid().to_string(),
            "root": hex(s.root.as_bytes()),
            "sequence": s.sequence,
            "issued_at": s.issued_at.to_string(),
            "keys": keys_json(&s.keys),
            "revoked": s.revoked.iter().map(|id| id.to_string()).collect::<Vec<_>>(),
        }),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
