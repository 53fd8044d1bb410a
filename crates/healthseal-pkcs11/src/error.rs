//! Why a token key could not be used, in words for the operator.

use std::path::PathBuf;

use cryptoki::error::{Error as CkError, RvError};
use thiserror::Error;

/// Why a key in a token could not be opened, generated or used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The PKCS#11 module (a shared library) could not be loaded or initialised.
    #[error("cannot load the PKCS#11 module {}: {reason}", .path.display())]
    Module {
        /// The module's path.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// No token with this label in any slot.
    #[error("no token labelled {label:?} (tokens present: {present})")]
    NoToken {
        /// The label asked for.
        label: String,
        /// The labels found, for the operator.
        present: String,
    },
    /// More than one token matches the URI: which one signs would be a guess.
    #[error("{count} tokens match {label:?}; add serial=... to the URI to name one")]
    AmbiguousToken {
        /// The label asked for.
        label: String,
        /// How many match.
        count: usize,
    },
    /// The user PIN is wrong.
    #[error("wrong PIN for token {token:?}")]
    WrongPin {
        /// The token's label.
        token: String,
    },
    /// The user PIN is locked after too many wrong tries.
    #[error("the user PIN of token {token:?} is locked; its security officer must reset it")]
    PinLocked {
        /// The token's label.
        token: String,
    },
    /// No private key with this label.
    #[error("token {token:?} has no private key labelled {object:?}")]
    NoKey {
        /// The token's label.
        token: String,
        /// The object label asked for.
        object: String,
    },
    /// More than one private key with this label: which one signs would be a guess.
    #[error("token {token:?} has {count} private keys labelled {object:?}; labels must name one key")]
    Ambiguous {
        /// The token's label.
        token: String,
        /// The object label.
        object: String,
        /// How many.
        count: usize,
    },
    /// The key is not an Ed25519 key.
    #[error("{object:?} on token {token:?} is not an Ed25519 key")]
    WrongKeyType {
        /// The token's label.
        token: String,
        /// The object label.
        object: String,
    },
    /// Keygen found objects with the label already: nothing was generated.
    #[error("token {token:?} already holds objects labelled {object:?}; nothing was generated")]
    Exists {
        /// The token's label.
        token: String,
        /// The object label.
        object: String,
    },
    /// The key has no healthseal key description beside it (made by another tool).
    #[error("{object:?} on token {token:?} has no healthseal key description (role, region); create keys with healthseal keygen --out pkcs11:...")]
    NoKeyInfo {
        /// The token's label.
        token: String,
        /// The object label.
        object: String,
    },
    /// The key description beside the key cannot be read or belongs to another key.
    #[error("the key description of {object:?} on token {token:?} is unusable: {reason}")]
    BadKeyInfo {
        /// The token's label.
        token: String,
        /// The object label.
        object: String,
        /// What is wrong.
        reason: String,
    },
    /// The token went away (removed, powered off, session closed).
    #[error("the token is gone ({reason})")]
    Removed {
        /// What the module said.
        reason: String,
    },
    /// Any other refusal by the module.
    #[error("the token refused {function}: {reason}")]
    Refused {
        /// The PKCS#11 function.
        function: String,
        /// What the module said.
        reason: String,
    },
}

impl TokenError {
    /// Whether the token itself is gone (rather than refusing): signing again later may work.
    pub fn is_removed(&self) -> bool {
        matches!(self, TokenError::Removed { .. })
    }
}

/// A module error as a [`TokenError`], for a token labelled `token`.
pub(crate) fn from_module(e: CkError, token: &str) -> TokenError {
    match e {
        CkError::Pkcs11(rv, function) => match rv {
            RvError::PinIncorrect | RvError::PinInvalid | RvError::PinLenRange => {
                TokenError::WrongPin { token: token.into() }
            }
            RvError::PinLocked => TokenError::PinLocked { token: token.into() },
            RvError::DeviceRemoved
            | RvError::TokenNotPresent
            | RvError::SessionClosed
            | RvError::SessionHandleInvalid
            | RvError::DeviceError
            | RvError::UserNotLoggedIn => TokenError::Removed { reason: format!("{rv:?} in {function}") },
            other => TokenError::Refused { function: function.to_string(), reason: format!("{other:?}") },
        },
        other => TokenError::Refused { function: "the call".into(), reason: other.to_string() },
    }
}
