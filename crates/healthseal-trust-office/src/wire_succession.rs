//! `[[succession]]` in the source file: each root succession as the signed record itself (hex),
//! with its fields beside it for people to read in review, checked against the record.

use healthseal_core::{PublicKey, Region, SignedSuccession, Succession, Timestamp};
use serde::{Deserialize, Serialize};

use crate::error::{field, FieldProblem, SourceError};

/// One `[[succession]]` table.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WireSuccession {
    number: u64,
    old_root: String,
    new_root: String,
    issued_at: String,
    /// The signed record (COSE_Sign1), in hex: what lists and statements carry.
    signed: String,
}

impl WireSuccession {
    pub(crate) fn from_model(chain: &Succession) -> Vec<Self> {
        chain
            .steps()
            .iter()
            .map(|step| {
                let r = step.record();
                Self {
                    number: r.number,
                    old_root: hex::encode(r.old_root.as_bytes()),
                    new_root: hex::encode(r.new_root.as_bytes()),
                    issued_at: r.issued_at.to_string(),
                    signed: hex::encode(step.as_bytes()),
                }
            })
            .collect()
    }
}

/// The chain, checked: each record's signature under the old root it names, its fields as
/// written beside it, the chain whole, for `region`, and ending at `root`.
pub(crate) fn chain(
    list: Vec<WireSuccession>,
    region: &Region,
    root: &PublicKey,
) -> Result<Succession, SourceError> {
    let mut chain = Succession::default();
    for (i, wire) in list.into_iter().enumerate() {
        let at = format!("succession[{i}]");
        let bytes =
            hex::decode(&wire.signed).map_err(|_| field(format!("{at}.signed"), FieldProblem::NotHex))?;
        let step = SignedSuccession::from_bytes(&bytes)
            .map_err(|e| field(format!("{at}.signed"), FieldProblem::BadSuccession(e)))?;
        let r = step.record();
        // The fields people read must say what the signed record says (values, not spelling).
        let differs = |name: &str| field(format!("{at}.{name}"), FieldProblem::SuccessionDiffers);
        if wire.number != r.number {
            return Err(differs("number"));
        }
        if parse_key(&wire.old_root).as_ref() != Some(&r.old_root) {
            return Err(differs("old_root"));
        }
        if parse_key(&wire.new_root).as_ref() != Some(&r.new_root) {
            return Err(differs("new_root"));
        }
        if Timestamp::parse_rfc3339(&wire.issued_at).ok() != Some(r.issued_at) {
            return Err(differs("issued_at"));
        }
        if r.region != *region {
            return Err(field(&at, FieldProblem::SuccessionOfAnotherRegion));
        }
        chain = chain.then(step).map_err(|e| field(&at, FieldProblem::BadSuccession(e)))?;
    }
    if chain.current().is_some_and(|current| current != root) {
        return Err(field("root", FieldProblem::NotTheSuccessor));
    }
    Ok(chain)
}

fn parse_key(text: &str) -> Option<PublicKey> {
    hex::decode(text).ok().and_then(|bytes| PublicKey::from_bytes(&bytes).ok())
}
