//! What the card and sheet tests share: a credential to print, and the machine's print tools.

#![allow(dead_code)] // each test file uses its own part

use std::time::Duration;

use chrono::FixedOffset;
use healthseal_core::{KeyInfo, Role, SigningKey, Status, Timestamp};
use healthseal_issuer::{qr::EcLevel, CardContent, CardFonts, CardLangs, IssueRequest, Issued, Issuer};
use rand_chacha::rand_core::SeedableRng;

/// A credential for `name` from Zhejiang, issued 2026-11-25 09:00 UTC.
pub fn issue(name: &str, status: Status) -> Issued {
    let info =
        KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() };
    let issuer = Issuer::new(SigningKey::from_seed([3; 32]), &info, None).unwrap();
    let request = IssueRequest {
        name: name.into(),
        birth_date: "1990-07-01".into(),
        status,
        valid_for: Duration::from_secs(72 * 3600),
        not_before: None,
        basis: None,
    };
    let now = Timestamp::parse_rfc3339("2026-11-25T09:00:00Z").unwrap();
    issuer.issue(request, now, &mut rand_chacha::ChaCha20Rng::seed_from_u64(9)).unwrap()
}

pub fn content(issued: &Issued, utc_offset: Option<FixedOffset>, langs: CardLangs) -> CardContent<'_> {
    CardContent { text: issued.text(), credential: issued.credential(), utc_offset, level: EcLevel::M, langs }
}

/// Whether the machine has what a test needs (`have`), saying so when it does not. `.ci/run`
/// installs the fonts and poppler-utils and sets HEALTHSEAL_PRINT_TOOLS=required: there a
/// missing tool fails the test instead of skipping it.
pub fn available(what: &str, have: bool) -> bool {
    if have {
        return true;
    }
    if std::env::var("HEALTHSEAL_PRINT_TOOLS").as_deref() == Ok("required") {
        panic!("{what} is missing and HEALTHSEAL_PRINT_TOOLS=required");
    }
    eprintln!("SKIPPED: {what} is not installed (Debian: apt-get install fonts-noto-cjk poppler-utils)");
    false
}

/// The installed fonts, when they draw Chinese names.
pub fn cjk_fonts() -> Option<CardFonts> {
    let fonts = CardFonts::installed();
    available("a font with Chinese characters", fonts.missing("张三欧阳").is_empty()).then_some(fonts)
}

/// Whether `program` runs.
pub fn has_program(program: &str) -> bool {
    std::process::Command::new(program).arg("-v").output().is_ok()
}
