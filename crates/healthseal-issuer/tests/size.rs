//! QR size of a typical credential at each error-correction level.

use std::time::Duration;

use healthseal_core::{KeyInfo, Role, SigningKey, Status, Timestamp};
use healthseal_issuer::qr::{version_for, LEVELS};
use healthseal_issuer::{IssueRequest, Issuer};

#[test]
fn a_typical_credential_fits_version_9_at_m_and_11_at_q() {
    let info =
        KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() };
    let issuer = Issuer::new(SigningKey::from_seed([8; 32]), &info, None).unwrap();
    let request = IssueRequest {
        name: "Maximilian Oberhofer".into(), // 20 Latin characters
        birth_date: "1987-06-15".into(),
        status: Status::Green,
        valid_for: Duration::from_secs(72 * 3600),
        not_before: None,
        basis: None,
    };
    let text = issuer
        .issue(request, Timestamp::from_unix(1_795_564_800).unwrap(), &mut rand_core::OsRng)
        .unwrap()
        .into_text();
    let versions: Vec<_> =
        LEVELS.iter().map(|(name, level)| (*name, version_for(&text, *level).unwrap())).collect();
    println!("typical credential, {} characters: QR versions {versions:?}", text.len());
    // Alphanumeric capacity (ISO/IEC 18004 table 7): 9-M holds 262 characters where 8-M holds 221;
    // 11-Q holds 259 where 10-Q holds 221. At 240 characters these are the smallest that fit.
    assert_eq!(version_for(&text, qrcode::EcLevel::M), Some(9));
    assert_eq!(version_for(&text, qrcode::EcLevel::Q), Some(11));
}
