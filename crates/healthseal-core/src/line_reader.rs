//! Reading lines of text with a bound on each: a checkpoint reading a scanner and an issuer
//! reading a batch file both take whatever is put in front of them, and must not hold an
//! unbounded line in memory. The reader is the caller's (a file, standard input): this module
//! opens nothing.

use std::io::BufRead;

/// Reads one line (without its end, `\r\n` or `\n`) into `buf`, keeping at most `max` bytes of it;
/// memory stays bounded whatever the input holds. `None` at end of input; `Some(true)` when the
/// line was longer than the limit (its first `max` bytes are in `buf`, the rest was skipped).
///
/// ```
/// use healthseal_core::read_line_bounded;
/// let mut input = &b"HS1:ABC\r\nAAAAAAAAAA\nlast"[..];
/// let mut line = Vec::new();
/// assert_eq!(read_line_bounded(&mut input, &mut line, 8).unwrap(), Some(false));
/// assert_eq!(line, b"HS1:ABC");
/// assert_eq!(read_line_bounded(&mut input, &mut line, 8).unwrap(), Some(true));
/// assert_eq!(read_line_bounded(&mut input, &mut line, 8).unwrap(), Some(false));
/// assert_eq!(line, b"last");
/// assert_eq!(read_line_bounded(&mut input, &mut line, 8).unwrap(), None);
/// ```
pub fn read_line_bounded(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(any.then_some(too_long));
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        if buf.len() + take > max {
            too_long = true;
        } else {
            buf.extend_from_slice(&chunk[..take]);
        }
        reader.consume(if done { take + 1 } else { take });
        if done {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(too_long));
        }
    }
}
