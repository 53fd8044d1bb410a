//! One module per command, each holding its flags (`Args`) beside its code (`run`). Commands
//! share helpers (`files`, `keys`, `issuing`, `render_trust`), never one another's code.

pub mod audit;
pub mod completions;
#[cfg(feature = "demo")]
pub mod demo;
pub mod inspect;
pub mod issue;
pub mod keygen;
pub mod sign;
pub mod trust;
pub mod verify;
pub mod web;
