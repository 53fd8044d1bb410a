//! Drawing QR symbols and cards.

pub(crate) mod card;
pub(crate) mod png;
mod svg;
mod terminal;
