//! Best-effort dissection of anything that claims to be a credential, for people debugging.

use crate::claims::ClaimsError;
use crate::decode_error::DecodeError;
use crate::limits::MAX_CBOR_DEPTH;
use crate::sealed::Sealed;
use crate::{cbor, text, Credential};

/// Everything that can be read from a text, layer by layer, WITHOUT any signature check. For
/// `healthseal inspect`; never for decisions.
///
/// ```
/// let report = healthseal_core::Inspection::of_text("HS1:BB8");
/// assert_eq!(report.cose_len, Some(2));
/// assert!(report.sealed.is_err());
/// ```
#[derive(Debug, Clone)]
pub struct Inspection {
    /// Length of the text in bytes.
    pub text_len: usize,
    /// Length of the COSE bytes, when the text layer decoded.
    pub cose_len: Option<usize>,
    /// The strict decoding of the message (headers and structure).
    pub sealed: Result<Sealed, DecodeError>,
    /// The whole message in CBOR diagnostic notation, read leniently, when it is CBOR at all.
    pub diagnostic: Option<String>,
    /// The protected header in diagnostic notation, when the structure decoded.
    pub protected: Option<String>,
    /// The payload in diagnostic notation, when the structure decoded.
    pub payload: Option<String>,
    /// The claims read as a credential, when the structure decoded.
    pub claims: Option<Result<Credential, ClaimsError>>,
}

impl Inspection {
    /// Dissects a text.
    pub fn of_text(input: &str) -> Self {
        let bytes = text::decode_text(input).ok();
        let sealed = Sealed::from_text(input);
        let lenient = |b: &[u8]| -> Option<String> {
            ciborium::de::from_reader_with_recursion_limit::<ciborium::Value, _>(b, MAX_CBOR_DEPTH)
                .ok()
                .map(|v| cbor::diagnostic(&v))
        };
        let (protected, payload, claims) = match &sealed {
            Ok(s) => {
                (lenient(&s.message().protected), lenient(&s.message().payload), Some(s.claims_unverified()))
            }
            Err(_) => (None, None, None),
        };
        Self {
            text_len: input.len(),
            cose_len: bytes.as_ref().map(Vec::len),
            diagnostic: bytes.as_deref().and_then(lenient),
            sealed,
            protected,
            payload,
            claims,
        }
    }
}
