//! Ed25519 keys, their PEM forms and the healthseal key file.

mod key_file;
mod public;
mod signer;
mod signing;

pub use key_file::{KeyFileError, KeyInfo, PrivateKeyFile, PublicKeyFile, Role, SecretKeyBody};
pub use public::{KeyError, PublicKey, SignatureError};
pub use signer::{Signer, SignerError};
pub use signing::{SigningKey, MAX_PBKDF2_ITERATIONS, PBKDF2_ITERATIONS};
