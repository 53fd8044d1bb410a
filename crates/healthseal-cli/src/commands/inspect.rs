//! `healthseal inspect`: every layer of a credential, unverified.

use healthseal_core::Inspection;
use serde_json::{json, Value};

use crate::exit::{CliResult, Outcome};
use crate::files::Source;
use crate::{output, render};

pub const HELP: &str = "\
INPUT is the credential text itself (it starts with HS1:), a file holding it, or - for standard input.

Nothing shown is verified: a forged credential inspects exactly like a genuine one.
Use it to debug, never to decide.

Exit codes: 0 decoded, 2 not a well-formed credential (the layer that failed is named).";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Credential text (HS1:…), a file holding it, or - for standard input
    #[arg(value_name = "INPUT")]
    pub input: String,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

const BANNER: &str = "UNVERIFIED — the signature has NOT been checked; do not rely on anything below.";

pub fn run(args: Args) -> CliResult {
    let text = Source::parse(&args.input).read()?;
    let report = Inspection::of_text(&text);
    if args.json {
        output::json("inspection", to_json(&report));
    } else {
        print_human(&report);
    }
    let readable = report.sealed.is_ok() && matches!(report.claims, Some(Ok(_)));
    Ok(if readable { Outcome::Success } else { Outcome::Unreadable })
}

fn print_human(r: &Inspection) {
    output::line(BANNER);
    output::line("");
    let cose = r.cose_len.map(|n| format!(", {n} bytes of COSE")).unwrap_or_default();
    output::line(&format!("text         {} characters{cose}", r.text_len));
    match &r.sealed {
        Err(e) => {
            output::line(&format!("problem      {e} [{}]", e.code()));
            if let Some(d) = &r.diagnostic {
                output::line(&format!("CBOR         {d}"));
            }
        }
        Ok(sealed) => {
            output::line("structure    COSE_Sign1, tag 18, deterministic CBOR");
            output::line(&format!("protected    {}", r.protected.as_deref().unwrap_or("?")));
            output::line("  alg        EdDSA (-8)");
            output::line(&format!("  kid        {}", sealed.kid()));
            output::line("unprotected  {}");
            output::line(&format!("payload      {}", r.payload.as_deref().unwrap_or("?")));
            match &r.claims {
                Some(Ok(c)) => {
                    output::line("claims (unverified)");
                    render::print_rows("  ", &render::rows(c));
                }
                Some(Err(e)) => output::line(&format!("problem      claims: {e} [{}]", e.code())),
                None => {}
            }
            output::line(&format!(
                "signature    {} ({} bytes)",
                hex(&sealed.message().signature),
                sealed.message().signature.len()
            ));
        }
    }
}

fn to_json(r: &Inspection) -> Value {
    let (error, kid, signature) = match &r.sealed {
        Err(e) => (Some(json!({"layer": e.layer(), "code": e.code(), "message": e.to_string()})), None, None),
        Ok(s) => (None, Some(s.kid().to_string()), Some(hex(&s.message().signature))),
    };
    let (claims, claims_error) = match &r.claims {
        Some(Ok(c)) => (Some(render::json(c)), None),
        Some(Err(e)) => (None, Some(json!({"layer": "claims", "code": e.code(), "message": e.to_string()}))),
        None => (None, None),
    };
    json!({
        "verified": false,
        "text_length": r.text_len,
        "cose_length": r.cose_len,
        "error": error.or(claims_error),
        "kid": kid,
        "protected": r.protected,
        "payload": r.payload,
        "claims": claims,
        "signature": signature,
        "diagnostic": r.diagnostic,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
