//! Trust between provinces: issuer statements, trust lists, and the acceptance decision.

mod decision;
mod document;
mod error;
mod issuing_key;
mod list;
mod policy;
mod revocations;
mod signed;
mod statement;
mod succession;
mod verdict;
mod wire;

pub use decision::{decide, DecisionOptions, StaleMode};
pub use document::TrustDocument;
pub use error::TrustDocError;
pub use issuing_key::{IssuingKey, KeyStatus};
pub use list::{RegionEntry, TrustList, TrustListDraft, TRUST_LIST_CONTENT_TYPE};
pub use policy::{Policy, StatusSet};
pub use revocations::RevocationSet;
pub use statement::{IssuerStatement, STATEMENT_CONTENT_TYPE};
pub use succession::{RootAt, RootSuccession, SignedSuccession, Succession, SUCCESSION_CONTENT_TYPE};
pub use verdict::{Acceptance, ListStatus, Reason, Rejection, Verdict};
