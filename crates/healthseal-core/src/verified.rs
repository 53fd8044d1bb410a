//! `Verified<T>`: a value whose signature has been checked.

use std::ops::Deref;

use crate::Kid;

/// A value read from a signed message whose signature held under a trusted key. Only this crate
/// can make one, and only after the signature check, so code that holds a `Verified<Credential>`
/// cannot be showing something unverified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified<T> {
    value: T,
    kid: Kid,
}

impl<T> Verified<T> {
    pub(crate) fn new(value: T, kid: Kid) -> Self {
        Self { value, kid }
    }

    /// The kid of the key whose signature held.
    pub fn kid(&self) -> Kid {
        self.kid
    }

    /// The value, leaving the proof of verification behind.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Verified<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}
