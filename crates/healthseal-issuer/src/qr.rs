//! How a credential text fits a QR code (ISO/IEC 18004).

pub use qrcode::EcLevel;
use qrcode::{QrCode, Version};

/// Error-correction levels, weakest to strongest.
pub const LEVELS: [(char, EcLevel); 4] =
    [('L', EcLevel::L), ('M', EcLevel::M), ('Q', EcLevel::Q), ('H', EcLevel::H)];

/// The smallest QR version (1-40) that holds `text` at `level`, or `None` if none does.
/// Credential text is all QR alphanumeric characters, so the encoder uses alphanumeric mode.
///
/// ```
/// use healthseal_issuer::qr::version_for;
/// use qrcode::EcLevel;
/// assert_eq!(version_for("HS1:BB8", EcLevel::M), Some(1));
/// ```
pub fn version_for(text: &str, level: EcLevel) -> Option<i16> {
    match QrCode::with_error_correction_level(text.as_bytes(), level).ok()?.version() {
        Version::Normal(v) => Some(v),
        Version::Micro(_) => None,
    }
}
