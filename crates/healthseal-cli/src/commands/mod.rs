//! One module per subcommand.

pub mod demo;
pub mod inspect;
pub mod keygen;
pub mod sign;
pub mod trust;
pub mod verify;
