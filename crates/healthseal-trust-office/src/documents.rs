//! Compiling a source into the documents a trust office signs: the statement it publishes about
//! its own province, and the trust list its checkpoints load. Each takes the next sequence number.

use healthseal_core::{IssuerStatement, RegionEntry, Timestamp, TrustListDraft};

use crate::source::{Recognized, TrustSource};

impl TrustSource {
    /// This province's own entry, as its own checkpoints use it.
    pub fn own_entry(&self) -> RegionEntry {
        RegionEntry {
            region: self.region.clone(),
            name: self.name.clone(),
            root: self.root.clone(),
            statement_sequence: self.statement_sequence,
            keys: self.keys.clone(),
            revoked: self.revoked.clone(),
            policy: self.policy.clone(),
        }
    }

    /// The statement this province publishes about itself, as the next sequence number (which
    /// the source now records).
    pub fn statement(&mut self, issued_at: Timestamp) -> IssuerStatement {
        self.statement_sequence += 1;
        let own = self.own_entry();
        IssuerStatement {
            region: own.region,
            name: own.name,
            root: own.root,
            sequence: self.statement_sequence,
            issued_at,
            keys: own.keys,
            revoked: own.revoked,
            succession: self.succession.clone(),
        }
    }

    /// The trust list for this province's checkpoints, as the next sequence number (which the
    /// source now records): this province's entry, then every recognised one's. Check it with
    /// [`TrustListDraft::check`] before signing.
    pub fn trust_list(&mut self, issued_at: Timestamp, next_update: Timestamp) -> TrustListDraft {
        let regions = [self.own_entry()].into_iter().chain(self.recognized.iter().map(entry)).collect();
        self.list_sequence += 1;
        TrustListDraft {
            owner: self.region.clone(),
            sequence: self.list_sequence,
            issued_at,
            next_update,
            regions,
            succession: self.succession.clone(),
        }
    }
}

/// A recognised province's entry in the trust list.
fn entry(r: &Recognized) -> RegionEntry {
    let s = &r.statement;
    RegionEntry {
        region: s.region.clone(),
        name: s.name.clone(),
        root: s.root.clone(),
        statement_sequence: s.sequence,
        keys: s.keys.clone(),
        revoked: s.revoked.clone(),
        policy: r.policy.clone(),
    }
}
