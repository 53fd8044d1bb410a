//! Drawing QR symbols, cards and print sheets.

pub(crate) mod card;
pub(crate) mod drawing;
pub(crate) mod fonts;
pub(crate) mod labels;
pub(crate) mod png;
pub(crate) mod sheet;
mod svg;
mod terminal;
