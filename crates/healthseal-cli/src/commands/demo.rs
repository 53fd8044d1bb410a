//! `healthseal demo`: the whole idea in a few seconds, on TEST ONLY keys.

use std::time::Duration;

use healthseal_core::{Basis, Status};
use healthseal_issuer::{qr, IssueRequest, Issuer};
use healthseal_verifier::Checkpoint;
use rand_core::OsRng;

use crate::cli::DemoArgs;
use crate::demo_keys;
use crate::exit::{CliError, CliResult, Outcome};
use crate::{clock, output, render};

pub fn run(args: DemoArgs) -> CliResult {
    let now = clock::now_or(args.at)?;
    let (zj_info, zj_key) = demo_keys::load(demo_keys::ZJ_ISSUER)?;
    let (ha_info, ha_key) = demo_keys::load(demo_keys::HA_ISSUER)?;
    let zj_public = zj_key.public_key().clone();
    let zhejiang = Issuer::new(zj_key, &zj_info, None).map_err(CliError::usage)?;
    let henan = Issuer::new(ha_key, &ha_info, None).map_err(CliError::usage)?;

    output::line("healthseal demo — keys are TEST ONLY (published in keys/, never trust them)");
    output::line("");
    output::line(&format!("1. The Zhejiang (CN-ZJ) health office signs a credential at {now}:"));
    let request = IssueRequest {
        name: "张三".into(),
        birth_date: "1990-07-01".into(),
        status: Status::Green,
        valid_for: Duration::from_secs(72 * 3600),
        not_before: None,
        basis: Some(Basis::Test),
    };
    let sealed = zhejiang.issue(request.clone(), now, &mut OsRng).map_err(CliError::usage)?;
    let text = sealed.to_text();
    output::line(&format!("   {text}"));
    let versions = [('M', qr::EcLevel::M), ('Q', qr::EcLevel::Q)]
        .map(|(name, level)| format!("{}-{name}", qr::version_for(&text, level).unwrap_or(0)));
    output::line(&format!(
        "   {} bytes of COSE, {} characters of text, QR version {} / {}",
        sealed.cose_bytes().len(),
        text.len(),
        versions[0],
        versions[1]
    ));
    output::line("");

    output::line("2. A checkpoint that trusts the Zhejiang issuing key checks it, offline:");
    let checkpoint = Checkpoint::new([zj_public]);
    match checkpoint.check(&text, now) {
        Ok(verified) => {
            output::line("   ACCEPTED");
            render::print_rows("     ", &render::rows(&verified));
        }
        Err(e) => output::line(&format!("   REJECTED: {e}")),
    }
    output::line("");

    output::line("3. Someone edits one character of the text:");
    let tampered = tamper(&text);
    match checkpoint.check(&tampered, now) {
        Ok(_) => output::line("   ACCEPTED (this must never happen)"),
        Err(e) => output::line(&format!("   REJECTED [{}]: {e}", e.code())),
    }
    output::line("");

    output::line("4. A genuine Henan (CN-HA) credential at the same checkpoint, which does not trust Henan:");
    let foreign = henan.issue(request, now, &mut OsRng).map_err(CliError::usage)?.to_text();
    match checkpoint.check(&foreign, now) {
        Ok(_) => output::line("   ACCEPTED (this must never happen)"),
        Err(e) => output::line(&format!("   REJECTED [{}]: {e}", e.code())),
    }
    output::line("");
    output::line("Try next:");
    // Single quotes: base45 text holds spaces and '$', which a shell would otherwise split or expand.
    output::line(&format!("  healthseal inspect '{text}'"));
    output::line("  healthseal keygen --role issuer --region CN-ZJ --out my-issuer.key");
    output::line("  healthseal sign --key my-issuer.key --name 'Ana Lima' --birth-date 1985-03 --status green --valid-for 72h");
    output::line("  healthseal --help");
    Ok(Outcome::Success)
}

/// Changes one base45 character in the middle of the text to another valid one.
fn tamper(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}
