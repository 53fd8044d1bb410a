//! One module per subcommand.

pub mod demo;
pub mod inspect;
pub mod issue;
pub mod keygen;
pub mod sign;
pub mod trust;
pub mod verify;
