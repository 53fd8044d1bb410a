//! The healthseal key file: a PEM block (PKCS#8 or SPKI) preceded by a few `Name: value` lines.
//!
//! RFC 7468 section 2 lets text precede a PEM block and OpenSSL skips it, so `openssl pkey` reads
//! these files as they are, while healthseal reads what the key is for:
//!
//! ```text
//! # healthseal issuing key. Keep this file secret.
//! Role: issuer
//! Region: CN-ZJ
//! Kid: 9f3c0a0d54e2b1c7
//! -----BEGIN PRIVATE KEY-----
//! ...
//! -----END PRIVATE KEY-----
//! ```

use std::fmt::{self, Write as _};
use std::str::FromStr;

use pkcs8::der::pem;
use rand_core::CryptoRngCore;
use thiserror::Error;
use zeroize::Zeroizing;

use super::{KeyError, PublicKey, SigningKey};
use crate::{Kid, Region, Timestamp};

/// What a key is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A province root: signs trust lists and issuer statements, never credentials.
    Root,
    /// An issuing key: signs credentials for one region.
    Issuer,
}

impl Role {
    /// Lower-case name, as written in key files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Root => "root",
            Self::Issuer => "issuer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "root" => Ok(Self::Root),
            "issuer" => Ok(Self::Issuer),
            _ => Err(()),
        }
    }
}

/// What a key file says about its key. Every field is optional so that plain PEM files (from
/// OpenSSL, say) can be read too; commands that need a field say so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyInfo {
    /// Root or issuing key.
    pub role: Option<Role>,
    /// The region the key belongs to.
    pub region: Option<Region>,
    /// After this time the key must not sign.
    pub not_after: Option<Timestamp>,
    /// Free text for people, such as "TEST ONLY".
    pub note: Option<String>,
}

/// A key file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum KeyFileError {
    /// No `-----BEGIN …-----` line.
    #[error("no PEM block found (expected a line like -----BEGIN PRIVATE KEY-----)")]
    NoPemBlock,
    /// A PEM block of another kind.
    #[error("found a PEM block labelled {found:?} where {expected} was expected")]
    WrongLabel {
        /// The label found.
        found: String,
        /// What was expected.
        expected: &'static str,
    },
    /// The PEM block is damaged (bad base64, no end line).
    #[error("the PEM block is damaged (truncated or not base64)")]
    DamagedPem,
    /// Text after the PEM block.
    #[error("unexpected text after the PEM block")]
    TrailingData,
    /// A header field with a value that cannot be read.
    #[error("key file field {name}: {value:?} is not valid")]
    BadField {
        /// Field name.
        name: &'static str,
        /// The value (shortened).
        value: String,
    },
    /// The `Kid:` line does not belong to the key in the block.
    #[error("the file says kid {declared} but its key has kid {actual}; the file was edited or mixed up")]
    KidMismatch {
        /// Kid written in the header.
        declared: Kid,
        /// Kid of the key.
        actual: Kid,
    },
    /// The key itself cannot be used.
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// The secret part of a private key file.
#[derive(Debug)]
pub enum SecretKeyBody {
    /// An unencrypted key, ready to sign.
    Plain(Box<SigningKey>),
    /// An encrypted PKCS#8 DER document, waiting for its passphrase.
    Encrypted(Zeroizing<Vec<u8>>),
}

/// A private key file, read but possibly still locked.
///
/// ```
/// use healthseal_core::{KeyInfo, PrivateKeyFile, Role, SigningKey};
/// let key = SigningKey::from_seed([3; 32]);
/// let info = KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() };
/// let text = PrivateKeyFile::format_plain(&info, &key);
/// let file = PrivateKeyFile::parse(&text).unwrap();
/// assert_eq!(file.info.role, Some(Role::Issuer));
/// assert!(!file.is_encrypted());
/// assert_eq!(file.unlock(b"").unwrap().public_key(), key.public_key());
/// ```
#[derive(Debug)]
pub struct PrivateKeyFile {
    /// What the file says about the key.
    pub info: KeyInfo,
    /// The key, or its encrypted form.
    pub body: SecretKeyBody,
    declared_kid: Option<Kid>,
}

/// A public key file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKeyFile {
    /// What the file says about the key.
    pub info: KeyInfo,
    /// The key.
    pub key: PublicKey,
}

const PRIVATE: &str = "PRIVATE KEY";
const ENCRYPTED: &str = "ENCRYPTED PRIVATE KEY";
const PUBLIC: &str = "PUBLIC KEY";

impl PrivateKeyFile {
    /// Reads a private key file (healthseal's, or plain PKCS#8 PEM).
    pub fn parse(text: &str) -> Result<Self, KeyFileError> {
        let (info, declared_kid, block) = split(text)?;
        let body = match block.label.as_str() {
            PRIVATE => SecretKeyBody::Plain(Box::new(SigningKey::from_pkcs8_pem(block.pem)?)),
            ENCRYPTED => {
                let (_, der) = pem::decode_vec(block.pem.as_bytes()).map_err(|_| KeyFileError::DamagedPem)?;
                SecretKeyBody::Encrypted(Zeroizing::new(der))
            }
            other => {
                return Err(KeyFileError::WrongLabel { found: other.to_owned(), expected: "a private key" })
            }
        };
        let file = Self { info, body, declared_kid };
        if let SecretKeyBody::Plain(key) = &file.body {
            file.check_kid(key)?;
        }
        Ok(file)
    }

    /// Whether a passphrase is needed.
    pub fn is_encrypted(&self) -> bool {
        matches!(self.body, SecretKeyBody::Encrypted(_))
    }

    /// The signing key; `passphrase` is used only when the file is encrypted.
    pub fn unlock(self, passphrase: &[u8]) -> Result<SigningKey, KeyFileError> {
        let key = match &self.body {
            SecretKeyBody::Plain(_) => None,
            SecretKeyBody::Encrypted(der) => Some(SigningKey::from_encrypted_pkcs8_der(der, passphrase)?),
        };
        let key = match (key, self.body) {
            (Some(k), _) => k,
            (None, SecretKeyBody::Plain(k)) => *k,
            (None, SecretKeyBody::Encrypted(_)) => return Err(KeyFileError::Key(KeyError::WrongPassphrase)),
        };
        if let Some(declared) = self.declared_kid {
            if declared != key.public_key().kid() {
                return Err(KeyFileError::KidMismatch { declared, actual: key.public_key().kid() });
            }
        }
        Ok(key)
    }

    fn check_kid(&self, key: &SigningKey) -> Result<(), KeyFileError> {
        match self.declared_kid {
            Some(declared) if declared != key.public_key().kid() => {
                Err(KeyFileError::KidMismatch { declared, actual: key.public_key().kid() })
            }
            _ => Ok(()),
        }
    }

    /// Writes an unencrypted key file.
    pub fn format_plain(info: &KeyInfo, key: &SigningKey) -> Zeroizing<String> {
        let mut text = Zeroizing::new(header(info, key.public_key().kid(), true));
        text.push_str(&key.to_pkcs8_pem());
        text
    }

    /// Writes a key file encrypted under `passphrase` (see [`SigningKey::to_encrypted_pkcs8_pem`]).
    pub fn format_encrypted(
        info: &KeyInfo,
        key: &SigningKey,
        passphrase: &[u8],
        rng: &mut impl CryptoRngCore,
    ) -> Result<Zeroizing<String>, KeyError> {
        let mut text = Zeroizing::new(header(info, key.public_key().kid(), true));
        text.push_str(&key.to_encrypted_pkcs8_pem(passphrase, rng)?);
        Ok(text)
    }
}

impl PublicKeyFile {
    /// Reads a public key file (healthseal's, or plain SPKI PEM).
    pub fn parse(text: &str) -> Result<Self, KeyFileError> {
        let (info, declared_kid, block) = split(text)?;
        if block.label != PUBLIC {
            return Err(KeyFileError::WrongLabel { found: block.label, expected: "a public key" });
        }
        let key = PublicKey::from_pem(block.pem)?;
        match declared_kid {
            Some(declared) if declared != key.kid() => {
                Err(KeyFileError::KidMismatch { declared, actual: key.kid() })
            }
            _ => Ok(Self { info, key }),
        }
    }

    /// Writes the file.
    pub fn format(&self) -> String {
        let mut text = header(&self.info, self.key.kid(), false);
        text.push_str(&self.key.to_pem());
        text
    }
}

fn header(info: &KeyInfo, kid: Kid, private: bool) -> String {
    let mut text = String::new();
    let what = match info.role {
        Some(Role::Root) => "province root key",
        Some(Role::Issuer) => "issuing key",
        None => "key",
    };
    let _ = if private {
        writeln!(text, "# healthseal {what}, private half. Keep this file secret.")
    } else {
        writeln!(text, "# healthseal {what}, public half.")
    };
    if let Some(role) = info.role {
        let _ = writeln!(text, "Role: {role}");
    }
    if let Some(region) = &info.region {
        let _ = writeln!(text, "Region: {region}");
    }
    let _ = writeln!(text, "Kid: {kid}");
    if let Some(not_after) = info.not_after {
        let _ = writeln!(text, "Not-After: {not_after}");
    }
    if let Some(note) = &info.note {
        // One line, no control characters: notes are for people reading the file.
        let note: String = note.chars().filter(|c| !c.is_control()).collect();
        let _ = writeln!(text, "Note: {note}");
    }
    text
}

struct Block<'a> {
    label: String,
    pem: &'a str,
}

fn split(text: &str) -> Result<(KeyInfo, Option<Kid>, Block<'_>), KeyFileError> {
    let start = text
        .match_indices("-----BEGIN ")
        .map(|(i, _)| i)
        .find(|&i| i == 0 || text[..i].ends_with('\n'))
        .ok_or(KeyFileError::NoPemBlock)?;
    let (preamble, pem) = text.split_at(start);
    let label_line = pem.lines().next().unwrap_or_default();
    let label = label_line
        .strip_prefix("-----BEGIN ")
        .and_then(|l| l.strip_suffix("-----"))
        .ok_or(KeyFileError::DamagedPem)?
        .to_owned();
    let end_line = format!("-----END {label}-----");
    let end = pem.find(&end_line).ok_or(KeyFileError::DamagedPem)? + end_line.len();
    if !pem[end..].trim().is_empty() {
        return Err(KeyFileError::TrailingData);
    }
    let (info, kid) = parse_preamble(preamble)?;
    Ok((info, kid, Block { label, pem: &pem[..end] }))
}

fn parse_preamble(preamble: &str) -> Result<(KeyInfo, Option<Kid>), KeyFileError> {
    let mut info = KeyInfo::default();
    let mut kid = None;
    for line in preamble.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        let bad =
            |name: &'static str| KeyFileError::BadField { name, value: value.chars().take(40).collect() };
        match name.trim().to_ascii_lowercase().as_str() {
            "role" => info.role = Some(value.parse().map_err(|()| bad("Role"))?),
            "region" => info.region = Some(value.parse().map_err(|_| bad("Region"))?),
            "kid" => kid = Some(value.parse().map_err(|_| bad("Kid"))?),
            "not-after" => {
                info.not_after = Some(Timestamp::parse_rfc3339(value).map_err(|_| bad("Not-After"))?)
            }
            "note" => info.note = Some(value.to_owned()),
            // Fields from later versions are kept out of the way, not refused.
            _ => {}
        }
    }
    Ok((info, kid))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;

    fn info() -> KeyInfo {
        KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() }
    }

    #[test]
    fn encrypted_file_unlocks_only_with_its_passphrase() {
        let key = SigningKey::from_seed([5; 32]);
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
        let mut text = header(&info(), key.public_key().kid(), true);
        text.push_str(&key.to_encrypted_pkcs8_pem_with(b"correct horse", &mut rng, 1000).unwrap());
        let file = PrivateKeyFile::parse(&text).unwrap();
        assert!(file.is_encrypted());
        assert_eq!(file.unlock(b"correct horse").unwrap().public_key(), key.public_key());
        let file = PrivateKeyFile::parse(&text).unwrap();
        assert!(matches!(file.unlock(b"wrong"), Err(KeyFileError::Key(KeyError::WrongPassphrase))));
    }

    #[test]
    fn refuses_mixed_up_and_damaged_files() {
        let key = SigningKey::from_seed([5; 32]);
        let other = SigningKey::from_seed([6; 32]);
        let text = PrivateKeyFile::format_plain(&info(), &key);
        let mixed = text.replace(&key.public_key().kid().to_string(), &other.public_key().kid().to_string());
        assert!(matches!(PrivateKeyFile::parse(&mixed), Err(KeyFileError::KidMismatch { .. })));
        assert!(matches!(PrivateKeyFile::parse("Role: issuer\n"), Err(KeyFileError::NoPemBlock)));
        assert!(matches!(PrivateKeyFile::parse(&text[..text.len() - 30]), Err(KeyFileError::DamagedPem)));
        assert!(matches!(PrivateKeyFile::parse(&format!("{}junk", *text)), Err(KeyFileError::TrailingData)));
        assert!(matches!(
            PrivateKeyFile::parse(&text.replace("Role: issuer", "Role: admin")),
            Err(KeyFileError::BadField { name: "Role", .. })
        ));
        let public = PublicKeyFile { info: info(), key: key.public_key().clone() }.format();
        assert!(matches!(PrivateKeyFile::parse(&public), Err(KeyFileError::WrongLabel { .. })));
        assert!(matches!(PublicKeyFile::parse(&text), Err(KeyFileError::WrongLabel { .. })));
        assert_eq!(PublicKeyFile::parse(&public).unwrap().key, *key.public_key());
    }

    #[test]
    fn refuses_a_costly_derivation_before_trying_it() {
        use pkcs8::der::Encode as _;
        // Built by hand: encrypting for real with this many iterations is the cost being refused.
        let params =
            pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(MAX + 1, &[1; 16], &[2; 16]).unwrap();
        let der =
            pkcs8::EncryptedPrivateKeyInfo { encryption_algorithm: params.into(), encrypted_data: &[0; 48] }
                .to_der()
                .unwrap();
        assert_eq!(
            SigningKey::from_encrypted_pkcs8_der(&der, b"x").err(),
            Some(KeyError::KdfTooCostly { iterations: u64::from(MAX) + 1, max: u64::from(MAX) })
        );
    }
    const MAX: u32 = super::super::signing::MAX_PBKDF2_ITERATIONS;
}
