//! The common credential draft, so that a test spells out only the fields it is about.

use healthseal_core::{CredentialDraft, CredentialId, Status};

use crate::clock::{t, H};

/// The typical credential, as a draft: green, from Zhejiang (CN-ZJ), issued at
/// [`T0`](crate::clock::T0) and valid for 72 hours from then, for a 20-character Latin name with a
/// full birth date, no basis, no later start of validity. A test changes what it is about:
///
/// ```
/// use healthseal_core::{CredentialDraft, Status};
/// use healthseal_test_support::drafts::typical;
/// let red = CredentialDraft { status: Status::Red, ..typical() }.check().unwrap();
/// assert_eq!(red.name().as_str(), "Maximilian Oberhofer");
/// ```
pub fn typical() -> CredentialDraft {
    CredentialDraft {
        region: "CN-ZJ".parse().expect("region"),
        issued_at: t(0),
        not_before: None,
        expires_at: t(72 * H),
        id: CredentialId::from_bytes([0xc0, 0xff, 0xee, 0x00, 0x12, 0x34, 0x56, 0x78]),
        status: Status::Green,
        name: "Maximilian Oberhofer".into(),
        birth_date: "1987-06-15".into(),
        basis: None,
    }
}
