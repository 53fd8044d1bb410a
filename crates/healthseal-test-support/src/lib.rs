//! Helpers shared by the healthseal crates' tests and by the fixture generator, each kept once
//! instead of copied into every test that needs it. Not published; a dev-dependency only
//! (`healthseal-fixtures` uses the world and the decision-vector format to write
//! `fixtures/decisions/`).
//!
//! Each module is a namespace for one kind of helper, named for what it holds:
//! `damage::bytes`, `cli::ok`, `world::World`.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod cli;
pub mod clock;
pub mod crc32;
pub mod damage;
pub mod decision_vector;
pub mod drafts;
pub mod softhsm;
pub mod succession;
pub mod workspace;
pub mod world;
