//! One QR symbol read off a matrix, by either detector.

/// One decoded symbol.
#[derive(Debug, Clone)]
pub(super) struct Symbol {
    pub text: String,
    /// Where the symbol's top-left finder pattern is, in the matrix's pixels.
    pub at: (f32, f32),
}
