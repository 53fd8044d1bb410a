//! Reading and writing the integer-keyed CBOR maps of trust documents, with a path in every
//! error. Unlike CWT claims, unknown fields are refused: a field a checkpoint does not understand
//! could narrow or widen what it accepts.

use std::time::Duration;

use ciborium::Value;

use super::TrustDocError;
use crate::{PublicKey, Region, Timestamp};

/// A map being read, field by field.
pub(crate) struct Fields {
    entries: Vec<(i64, Value)>,
    pub at: String,
}

impl Fields {
    pub fn new(value: Value, at: &str) -> Result<Self, TrustDocError> {
        let Value::Map(map) = value else { return Err(TrustDocError::invalid(at, "should be a map")) };
        let mut entries = Vec::with_capacity(map.len());
        for (k, v) in map {
            let key = k
                .as_integer()
                .and_then(|i| i64::try_from(i).ok())
                .ok_or_else(|| TrustDocError::invalid(at, "has a key that is not an integer"))?;
            entries.push((key, v));
        }
        Ok(Self { entries, at: at.to_owned() })
    }

    pub fn take(&mut self, key: i64) -> Option<Value> {
        let i = self.entries.iter().position(|(k, _)| *k == key)?;
        Some(self.entries.swap_remove(i).1)
    }

    pub fn req(&mut self, key: i64, name: &str) -> Result<(Value, String), TrustDocError> {
        let at = self.path(name);
        match self.take(key) {
            Some(v) => Ok((v, at)),
            None => Err(TrustDocError::invalid(at, "is missing")),
        }
    }

    pub fn opt(&mut self, key: i64, name: &str) -> Option<(Value, String)> {
        let at = self.path(name);
        self.take(key).map(|v| (v, at))
    }

    pub fn path(&self, name: &str) -> String {
        if self.at.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.at)
        }
    }

    /// Refuses fields nobody read.
    pub fn finish(self) -> Result<(), TrustDocError> {
        match self.entries.first() {
            None => Ok(()),
            Some((k, _)) => Err(TrustDocError::Invalid {
                at: format!("{}[{k}]", self.at),
                problem: "is a field this version does not know",
            }),
        }
    }
}

pub(crate) fn text((v, at): (Value, String)) -> Result<String, TrustDocError> {
    match v {
        Value::Text(t) => Ok(t),
        _ => Err(TrustDocError::invalid(at, "should be text")),
    }
}

/// Display text (region names): 1-100 characters, nothing invisible or direction-changing.
pub(crate) fn display_text(field: (Value, String)) -> Result<String, TrustDocError> {
    let at = field.1.clone();
    let t = text(field)?;
    check_display_text(&t).map_err(|problem| TrustDocError::invalid(at, problem))?;
    Ok(t)
}

pub(crate) fn check_display_text(t: &str) -> Result<(), &'static str> {
    if t.trim().is_empty() || t.trim() != t || t.chars().count() > 100 {
        return Err("should be 1-100 characters with no surrounding spaces");
    }
    if crate::holder_name::forbidden_character(t).is_some() {
        return Err("holds an invisible or control character");
    }
    Ok(())
}

pub(crate) fn uint((v, at): (Value, String)) -> Result<u64, TrustDocError> {
    v.as_integer()
        .and_then(|i| u64::try_from(i).ok())
        .ok_or_else(|| TrustDocError::invalid(at, "should be an unsigned integer"))
}

pub(crate) fn time(field: (Value, String)) -> Result<Timestamp, TrustDocError> {
    let at = field.1.clone();
    let secs = uint(field)?;
    i64::try_from(secs)
        .ok()
        .and_then(|s| Timestamp::from_unix(s).ok())
        .ok_or_else(|| TrustDocError::invalid(at, "should be a time between 1970 and 9999"))
}

pub(crate) fn duration(field: (Value, String)) -> Result<Duration, TrustDocError> {
    let at = field.1.clone();
    match uint(field)? {
        0 => Err(TrustDocError::invalid(at, "should be at least one second")),
        secs => Ok(Duration::from_secs(secs)),
    }
}

pub(crate) fn region(field: (Value, String)) -> Result<Region, TrustDocError> {
    let at = field.1.clone();
    Region::new(&text(field)?)
        .map_err(|_| TrustDocError::invalid(at, "should be a region code such as CN-ZJ"))
}

pub(crate) fn public_key((v, at): (Value, String)) -> Result<PublicKey, TrustDocError> {
    match v {
        Value::Bytes(b) => PublicKey::from_bytes(&b)
            .map_err(|_| TrustDocError::invalid(at, "should be a valid Ed25519 public key (32 bytes)")),
        _ => Err(TrustDocError::invalid(at, "should be a byte string")),
    }
}

pub(crate) fn bytes((v, at): (Value, String)) -> Result<Vec<u8>, TrustDocError> {
    match v {
        Value::Bytes(b) => Ok(b),
        _ => Err(TrustDocError::invalid(at, "should be a byte string")),
    }
}

pub(crate) fn array((v, at): (Value, String)) -> Result<(Vec<Value>, String), TrustDocError> {
    match v {
        Value::Array(items) => Ok((items, at)),
        _ => Err(TrustDocError::invalid(at, "should be an array")),
    }
}

/// Builds a map from `(key, value)` pairs given in increasing key order, skipping `None`s.
pub(crate) fn map(entries: impl IntoIterator<Item = (i64, Option<Value>)>) -> Value {
    Value::Map(entries.into_iter().filter_map(|(k, v)| v.map(|v| (Value::from(k), v))).collect())
}

pub(crate) fn time_value(t: Timestamp) -> Value {
    Value::from(t.unix())
}
