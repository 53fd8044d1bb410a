//! PKCS#11 URIs (RFC 7512) naming a key: `pkcs11:token=LABEL;object=LABEL`.

use std::fmt;

use thiserror::Error;

/// Where a key is: the token's label and the key objects' label.
///
/// ```
/// use healthseal_pkcs11::KeyUri;
/// let uri: KeyUri = "pkcs11:token=Zhejiang%20HSM;object=issuer-2026".parse()?;
/// assert_eq!(uri.serial, None);
/// assert_eq!((uri.token.as_str(), uri.object.as_str()), ("Zhejiang HSM", "issuer-2026"));
/// assert_eq!(uri.to_string(), "pkcs11:token=Zhejiang%20HSM;object=issuer-2026");
/// # Ok::<(), healthseal_pkcs11::UriError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyUri {
    /// CKA_LABEL of the token (RFC 7512 `token`).
    pub token: String,
    /// CKA_LABEL of the key objects (RFC 7512 `object`).
    pub object: String,
    /// The token's serial number, manufacturer and model, when the URI gives them: they must
    /// match too (two tokens may share a label).
    pub serial: Option<String>,
    /// The token's manufacturer.
    pub manufacturer: Option<String>,
    /// The token's model.
    pub model: Option<String>,
}

/// A URI that does not name a key this crate can use.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum UriError {
    /// Not a `pkcs11:` URI.
    #[error("not a PKCS#11 URI (expected pkcs11:token=LABEL;object=LABEL)")]
    NotPkcs11,
    /// A `%` escape that is not two hex digits, or bytes that are not UTF-8.
    #[error("bad percent-encoding in {0:?}")]
    Encoding(String),
    /// The PIN in the URI: it would end up in shell histories and process lists.
    #[error("the URI carries a PIN ({0}); give it in HEALTHSEAL_PKCS11_PIN or at the prompt instead")]
    PinInUri(String),
    /// An attribute this crate does not act on would be ignored silently; refused instead.
    #[error("unsupported PKCS#11 URI attribute {0:?} (use token and object)")]
    Unsupported(String),
    /// `token` or `object` is missing.
    #[error("the URI names no {0} (pkcs11:token=LABEL;object=LABEL)")]
    Missing(&'static str),
    /// An attribute given twice.
    #[error("the URI gives {0} twice")]
    Repeated(String),
}

/// Whether `text` is meant as a PKCS#11 URI rather than a file name.
pub fn is_pkcs11_uri(text: &str) -> bool {
    text.starts_with("pkcs11:")
}

impl std::str::FromStr for KeyUri {
    type Err = UriError;

    fn from_str(text: &str) -> Result<Self, UriError> {
        let rest = text.strip_prefix("pkcs11:").ok_or(UriError::NotPkcs11)?;
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (mut token, mut object, mut serial, mut manufacturer, mut model) = (None, None, None, None, None);
        for (part, separator) in [(path, ';'), (query, '&')] {
            for attribute in part.split(separator).filter(|a| !a.is_empty()) {
                let (name, value) = attribute.split_once('=').unwrap_or((attribute, ""));
                let slot = match name {
                    "token" => &mut token,
                    "object" => &mut object,
                    "serial" => &mut serial,
                    "manufacturer" => &mut manufacturer,
                    "model" => &mut model,
                    "pin-value" | "pin-source" => return Err(UriError::PinInUri(name.into())),
                    // Narrowing attributes that do not change which key is meant by a label.
                    "type" if value == "private" || value == "public" => continue,
                    "library-manufacturer" | "library-description" | "library-version" => continue,
                    other => return Err(UriError::Unsupported(other.into())),
                };
                if slot.is_some() {
                    return Err(UriError::Repeated(name.into()));
                }
                *slot = Some(decode(value)?);
            }
        }
        Ok(KeyUri {
            token: token.ok_or(UriError::Missing("token"))?,
            object: object.ok_or(UriError::Missing("object"))?,
            serial,
            manufacturer,
            model,
        })
    }
}

fn decode(value: &str) -> Result<String, UriError> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value
                .get(i + 1..i + 3)
                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                .ok_or_else(|| UriError::Encoding(value.into()))?;
            let byte = u8::from_str_radix(hex, 16).map_err(|_| UriError::Encoding(value.into()))?;
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| UriError::Encoding(value.into()))
}

fn encode(value: &str, out: &mut fmt::Formatter<'_>) -> fmt::Result {
    for byte in value.bytes() {
        // RFC 7512 pchar: unreserved characters and a few sub-delims stay as they are.
        if byte.is_ascii_alphanumeric() || b"-._~:[]@!$'()*+,=".contains(&byte) {
            write!(out, "{}", char::from(byte))?;
        } else {
            write!(out, "%{byte:02X}")?;
        }
    }
    Ok(())
}

impl fmt::Display for KeyUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("pkcs11:token=")?;
        encode(&self.token, f)?;
        f.write_str(";object=")?;
        encode(&self.object, f)?;
        for (name, value) in
            [("serial", &self.serial), ("manufacturer", &self.manufacturer), ("model", &self.model)]
        {
            if let Some(value) = value {
                write!(f, ";{name}=")?;
                encode(value, f)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_read_and_written_back() {
        let uri: KeyUri = "pkcs11:object=k%3Bey;type=private;token=T%201".parse().unwrap();
        assert_eq!((uri.token.as_str(), uri.object.as_str()), ("T 1", "k;ey"));
        assert_eq!(uri.to_string().parse::<KeyUri>().unwrap(), uri);
        assert_eq!(uri.to_string(), "pkcs11:token=T%201;object=k%3Bey");
    }

    #[test]
    fn bad_uris_are_refused_with_a_reason() {
        let err = |s: &str| s.parse::<KeyUri>().unwrap_err();
        assert_eq!(err("file.key"), UriError::NotPkcs11);
        assert_eq!(err("pkcs11:token=T"), UriError::Missing("object"));
        assert_eq!(err("pkcs11:token=T;object=k?pin-value=1234"), UriError::PinInUri("pin-value".into()));
        assert_eq!(err("pkcs11:token=T;object=k;id=%01"), UriError::Unsupported("id".into()));
        assert_eq!(err("pkcs11:token=T;token=U;object=k"), UriError::Repeated("token".into()));
        assert_eq!(err("pkcs11:token=%G1;object=k"), UriError::Encoding("%G1".into()));
        assert_eq!(err("pkcs11:token=%FF;object=k"), UriError::Encoding("%FF".into()));
        assert_eq!(err("pkcs11:token=T;object=k%2"), UriError::Encoding("k%2".into()));
        assert_eq!(err("pkcs11:token=T;object=k%+1"), UriError::Encoding("k%+1".into()));
        let narrowed: KeyUri = "pkcs11:token=T;object=k;serial=0042".parse().unwrap();
        assert_eq!(narrowed.serial.as_deref(), Some("0042"));
        assert_eq!(narrowed.to_string(), "pkcs11:token=T;object=k;serial=0042");
    }
}
