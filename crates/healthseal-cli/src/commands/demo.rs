//! `healthseal demo`: the whole idea in a few seconds, on TEST ONLY keys, all in memory.

use std::time::Duration;

use healthseal_core::{
    Basis, DecisionOptions, IssuerStatement, IssuingKey, Policy, RevocationSet, Status, StatusSet, Verdict,
};
use healthseal_issuer::{qr, IssueRequest, Issuer, TrustSource};
use healthseal_verifier::Verifier;
use rand_core::OsRng;

use crate::cli::DemoArgs;
use crate::demo_keys;
use crate::exit::{CliError, CliResult, Outcome};
use crate::{clock, output, render};

const HOUR: u64 = 3600;

pub fn run(args: DemoArgs) -> CliResult {
    let now = clock::now_or(args.at)?;
    let (_, zj_root) = demo_keys::load(demo_keys::ZJ_ROOT)?;
    let (zj_info, zj_key) = demo_keys::load(demo_keys::ZJ_ISSUER)?;
    let (_, ha_root) = demo_keys::load(demo_keys::HA_ROOT)?;
    let (ha_info, ha_key) = demo_keys::load(demo_keys::HA_ISSUER)?;
    let fail = |e: &dyn std::fmt::Display| CliError::usage(format!("demo: {e}"));

    output::line("healthseal demo — keys are TEST ONLY (published in keys/, never trust them)");
    output::line("");
    output::line("1. Zhejiang (CN-ZJ) publishes a statement of its issuing keys, signed by its root key.");
    let zj_statement = IssuerStatement {
        region: "CN-ZJ".parse().map_err(|e| fail(&e))?,
        name: "Zhejiang".into(),
        root: zj_root.public_key().clone(),
        sequence: 1,
        issued_at: now,
        keys: vec![IssuingKey::active(zj_key.public_key().clone())],
        revoked: RevocationSet::default(),
    }
    .sign(&zj_root)
    .map_err(|e| fail(&e))?;

    output::line("2. Henan (CN-HA) recognises Zhejiang — green only, at most 48 hours old — and signs the");
    output::line("   trust list its checkpoints load. Its own credentials: green and yellow.");
    let mut henan = TrustSource::new(&"CN-HA".parse().map_err(|e| fail(&e))?, "Henan", ha_root.public_key());
    henan.add_key(IssuingKey::active(ha_key.public_key().clone())).map_err(|e| fail(&e))?;
    henan.set_policy("CN-HA", &Policy::accepting([Status::Green, Status::Yellow])).map_err(|e| fail(&e))?;
    let statement = IssuerStatement::open(&zj_statement, zj_root.public_key()).map_err(|e| fail(&e))?;
    let terms = Policy {
        accept: StatusSet::of([Status::Green]),
        max_age: Some(Duration::from_secs(48 * HOUR)),
        ..Policy::accepting([Status::Green])
    };
    henan.recognize(&statement, Some(&terms)).map_err(|e| fail(&e))?;
    let next = now.checked_add(Duration::from_secs(24 * HOUR)).ok_or_else(|| fail(&"time out of range"))?;
    let list = henan.trust_list(now, next).map_err(|e| fail(&e))?.check().map_err(|e| fail(&e))?;
    let list_file = list.sign(&ha_root).map_err(|e| fail(&e))?;
    output::line(&format!(
        "   trust list #{}: {} regions, {} bytes",
        list.sequence(),
        list.regions().len(),
        list_file.len()
    ));
    output::line("");

    output::line(&format!("3. Zhejiang's health office signs credentials at {now}:"));
    let zhejiang = Issuer::new(zj_key, &zj_info, None).map_err(|e| fail(&e))?;
    let request = |name: &str, status| IssueRequest {
        name: name.into(),
        birth_date: "1990-07-01".into(),
        status,
        valid_for: Duration::from_secs(72 * HOUR),
        not_before: None,
        basis: Some(Basis::Test),
    };
    let green = zhejiang.issue(request("张三", Status::Green), now, &mut OsRng).map_err(|e| fail(&e))?;
    let text = green.text().to_string();
    output::line(&format!("   {text}"));
    let versions = [('M', qr::EcLevel::M), ('Q', qr::EcLevel::Q)]
        .map(|(name, level)| format!("{}-{name}", qr::version_for(&text, level).unwrap_or(0)));
    output::line(&format!(
        "   {} bytes of COSE, {} characters of text, QR version {} / {}",
        green.sealed().cose_bytes().len(),
        text.len(),
        versions[0],
        versions[1]
    ));
    let yellow =
        zhejiang.issue(request("李四", Status::Yellow), now, &mut OsRng).map_err(|e| fail(&e))?.into_text();
    let henan_issuer = Issuer::new(ha_key, &ha_info, None).map_err(|e| fail(&e))?;
    let own = henan_issuer
        .issue(request("王五", Status::Yellow), now, &mut OsRng)
        .map_err(|e| fail(&e))?
        .into_text();
    output::line("");

    output::line("4. A Henan checkpoint, pinned to Henan's root key and offline, checks what it is shown:");
    let checkpoint =
        Verifier::new(ha_root.public_key(), &list_file, DecisionOptions::default()).map_err(|e| fail(&e))?;
    for (what, shown) in [
        ("Zhejiang green", text.clone()),
        ("Zhejiang yellow", yellow),
        ("Henan yellow", own),
        ("one character changed", tamper(&text)),
    ] {
        let verdict = checkpoint.verify(&shown, now);
        let code = match &verdict {
            Verdict::Accepted(_) => String::new(),
            Verdict::Rejected(r) => format!(" [{}]", r.reason.code()),
        };
        output::line(&format!("   {what:<22} {}{code}", render::verdict_line(&verdict, false)));
    }
    output::line("");
    output::line("Try next:");
    // Single quotes: base45 text holds spaces and '$', which a shell would otherwise split or expand.
    output::line(&format!("  healthseal inspect '{text}'"));
    output::line("  healthseal keygen --role issuer --region CN-ZJ --out my-issuer.key");
    output::line("  healthseal sign --key my-issuer.key --name 'Ana Lima' --birth-date 1985-03 --status green --valid-for 72h");
    output::line("  healthseal trust --help      (docs/trust-lists.md walks through two provinces)");
    Ok(Outcome::Success)
}

/// Changes one base45 character in the middle of the text to another valid one.
fn tamper(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}
