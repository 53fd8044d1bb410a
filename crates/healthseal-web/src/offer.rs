//! What became of a trust list offered to the checkpoint, as the app shows it.

use healthseal_verifier::{LoadError, StateChange, StateError, TrustState};
use serde_json::{json, Value};

/// The outcome of [`Checkpoint::offer_list`](crate::Checkpoint::offer_list).
#[derive(Debug)]
pub enum Offer {
    /// The list is in use; the app stores `state` (when it changed) for the next offer.
    Taken {
        /// What the list did to the stored state.
        change: StateChange,
        /// The state to keep, as [`TrustState::to_text`] writes it (boxed: with a followed root
        /// succession it holds a public key, and refusals are the common small case).
        state: Box<TrustState>,
    },
    /// The list was refused; the list in use before (if any) stays.
    Refused(LoadError),
    /// The stored state could not be read: nothing is taken until it is restored or cleared.
    DamagedState(StateError),
}

impl Offer {
    /// The outcome as JSON: `taken`, `change` (`first`, `unchanged`, `advanced`, `root_moved`)
    /// with `from`, the `root` the list was signed by when it is not the pinned one (its kid) and
    /// the `succession` that named it, and the `state` text to store; or a stable `reason`
    /// (`bad_list`, `rollback`, `conflict`, `root_left`, `succession_fork`, `foreign_state`,
    /// `state_damaged`) with a `message`.
    pub fn to_json(&self) -> Value {
        match self {
            Self::Taken { change, state } => {
                let (name, from) = match change {
                    StateChange::First => ("first", None),
                    StateChange::Unchanged => ("unchanged", None),
                    StateChange::Advanced { from } => ("advanced", Some(*from)),
                    StateChange::RootMoved { from, .. } => ("root_moved", Some(*from)),
                };
                let root = state.succession.as_ref().map(|at| at.root.kid().to_string());
                let number = state.succession.as_ref().map(|at| at.number);
                json!({
                    "taken": true, "change": name, "from": from, "sequence": state.sequence,
                    "root": root, "succession": number, "state": state.to_text(),
                })
            }
            Self::Refused(e) => {
                json!({ "taken": false, "reason": refusal_code(e), "message": e.to_string() })
            }
            Self::DamagedState(e) => {
                json!({ "taken": false, "reason": "state_damaged", "message": e.to_string() })
            }
        }
    }
}

fn refusal_code(e: &LoadError) -> &'static str {
    match e {
        LoadError::List(_) => "bad_list",
        LoadError::Rollback { .. } => "rollback",
        LoadError::Conflict { .. } => "conflict",
        LoadError::ForeignState { .. } => "foreign_state",
        LoadError::RootLeft { .. } => "root_left",
        LoadError::SuccessionFork { .. } => "succession_fork",
        LoadError::State(_) => "state_damaged",
        // A refusal this build does not know by name: still a refusal.
        _ => "refused",
    }
}
