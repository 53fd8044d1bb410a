//! healthseal-pkcs11: signing keys that never leave a PKCS#11 token (a hardware security
//! module, a smart card, or SoftHSM for tests), named by RFC 7512 URIs such as
//! `pkcs11:token=Zhejiang%20HSM;object=issuer-2026`.
//!
//! [`generate`] makes an Ed25519 key pair inside the token (CKM_EC_EDWARDS_KEY_PAIR_GEN; the
//! private key sensitive and never extractable) and stores the key's description (role, region,
//! not-after) beside it; [`TokenKey::open`] finds the key again and signs with CKM_EDDSA through
//! the [`healthseal_core::Signer`] interface every document is signed through.
//!
//! ```no_run
//! use std::path::Path;
//! use healthseal_core::Signer;
//! use healthseal_pkcs11::{KeyUri, Module, TokenKey};
//!
//! let module = Module::load(Path::new("/usr/lib/softhsm/libsofthsm2.so"))?;
//! let uri: KeyUri = "pkcs11:token=ZJ;object=issuer-2026".parse()?;
//! let (info, key) = TokenKey::open(&module, &uri, "the user PIN")?;
//! let signature = key.sign(b"bytes")?;
//! assert!(key.public_key().verify(b"bytes", &signature).is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod error;
mod token;
mod uri;

pub use error::TokenError;
pub use token::{generate, Module, TokenKey};
pub use uri::{is_pkcs11_uri, KeyUri, UriError};
