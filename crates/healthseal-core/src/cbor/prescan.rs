//! The pre-scan: one pass over a CBOR item's heads, with no recursion and no tree, that counts
//! data items, models the memory `ciborium` would take to decode them, and checks map-key order
//! on the bytes as received, so that nothing is decoded before its cost is known to be bounded.

use ciborium::Value;

use std::mem::size_of;

use super::{CborError, DecodeLimits, MAJOR_ARRAY, MAJOR_BYTES, MAJOR_MAP, MAJOR_TAG, MAJOR_TEXT};

// The pre-scan. It follows `ciborium` 0.2's reading head by head, so that wherever it stops, so
// does `ciborium` (at that head or before), and it models the memory of the tree `ciborium`
// builds: `Value::Array` and `Value::Map` are vectors grown one push at a time (capacity 4, then
// doubling), a tag is a `Box<Value>`, a string of at most 4096 bytes is copied exactly and a
// longer one is gathered in 4096-byte chunks into a vector that doubles.

/// One element of a `Value::Array`, and the box of a `Value::Tag`.
pub(super) const SLOT: usize = size_of::<Value>();
/// One entry of a `Value::Map`.
pub(super) const ENTRY: usize = size_of::<(Value, Value)>();
/// What an allocator adds to each allocation, at most (glibc: an 8-byte header, 16-byte
/// granularity and 32-byte smallest chunk).
pub(super) const ALLOCATION_OVERHEAD: usize = 32;
/// `ciborium`'s scratch buffer: a string up to this long is copied once, exactly; a longer one is
/// read in chunks of this size into a growing vector.
const CIBORIUM_SCRATCH: usize = 4096;
/// The longest head: an initial byte and an 8-byte argument.
const MAX_HEAD_LEN: usize = 9;
/// The tags `ciborium` reads as a big integer (RFC 8949 section 3.4.3) when a byte string of at
/// most 16 bytes follows: no box, no nesting.
const BIGNUM_TAGS: [u64; 2] = [2, 3];
const BIGNUM_MAX_LEN: u64 = 16;
const BREAK: u8 = 0xff;

/// What the scan found.
#[derive(Debug, Clone, Copy)]
pub(super) enum Prescan {
    /// One well-formed item ends at `end`; `keys_in_order` says whether every map's keys are in
    /// strictly increasing bytewise order of their bytes as received.
    Complete { end: usize, keys_in_order: bool },
    /// The input is malformed, truncated or too deep at the head at `at`; `ciborium` fails within
    /// the first `guard` bytes.
    Stopped { at: usize, guard: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Array,
    Map,
    Tag,
}

/// An open array, map or tag.
#[derive(Debug, Clone, Copy)]
struct Frame {
    container: Container,
    /// Items still to come (a map's keys and values both count); `None` until a break.
    left: Option<u64>,
    /// Items seen so far (keys and values both count).
    seen: u64,
    /// Where the map key being read starts.
    key_start: usize,
    /// Where the previous map key starts and ends.
    previous_key: Option<(usize, usize)>,
}

/// A head, read.
#[derive(Debug, Clone, Copy)]
struct Head {
    major: u8,
    /// The argument; `None` for an indefinite length.
    argument: Option<u64>,
    /// Bytes the head takes.
    len: usize,
}

/// Why the scan stopped at a head.
#[derive(Debug, Clone, Copy)]
enum Stop {
    /// The input ends inside the item: `ciborium` reads to the end before it fails.
    Truncated,
    /// A head `ciborium` refuses, or nesting past the limit: it fails within two heads of it.
    Refused,
}

/// Items counted and memory modelled so far, against the limits.
#[derive(Debug)]
pub(super) struct Cost<'l> {
    pub limits: &'l DecodeLimits,
    pub items: usize,
    pub tree: usize,
}

impl Cost<'_> {
    fn item(&mut self, at: usize) -> Result<(), CborError> {
        self.items = self.items.saturating_add(1);
        if self.items > self.limits.max_items {
            return Err(CborError::TooManyItems { max: self.limits.max_items, offset: at });
        }
        Ok(())
    }

    fn memory(&mut self, bytes: usize, at: usize) -> Result<(), CborError> {
        self.tree = self.tree.saturating_add(bytes);
        if self.tree > self.limits.max_tree_bytes {
            return Err(CborError::TooLargeDecoded { max: self.limits.max_tree_bytes, offset: at });
        }
        Ok(())
    }
}

/// Capacity of a vector of elements of more than one byte after `n` pushes (Rust's growth: 4,
/// then doubling).
fn pushed_capacity(n: u64) -> u64 {
    match n {
        0 => 0,
        _ => n.checked_next_power_of_two().unwrap_or(u64::MAX).max(4),
    }
}

/// Heap bytes added by the `n + 1`-th push of an element of `size` bytes.
fn push_cost(n: u64, size: usize) -> usize {
    let added = pushed_capacity(n.saturating_add(1)) - pushed_capacity(n);
    let added = usize::try_from(added).unwrap_or(usize::MAX).saturating_mul(size);
    if n == 0 {
        added.saturating_add(ALLOCATION_OVERHEAD)
    } else {
        added
    }
}

/// Heap bytes of a string of `len` bytes read in one piece.
fn string_cost(len: usize) -> usize {
    match len {
        0 => 0,
        1..=CIBORIUM_SCRATCH => len + ALLOCATION_OVERHEAD,
        _ => {
            // Chunks of 4096 bytes pushed into a vector that at least doubles each time it grows.
            let chunks = len.div_ceil(CIBORIUM_SCRATCH);
            chunks
                .checked_next_power_of_two()
                .map_or(usize::MAX, |c| c.saturating_mul(CIBORIUM_SCRATCH))
                .saturating_add(ALLOCATION_OVERHEAD)
        }
    }
}

fn read_head(bytes: &[u8], at: usize) -> Result<Head, Stop> {
    let initial = *bytes.get(at).ok_or(Stop::Truncated)?;
    let major = initial >> 5;
    let (size, indefinite) = match initial & 0x1f {
        small @ 0..=23 => return Ok(Head { major, argument: Some(u64::from(small)), len: 1 }),
        24 => (1, false),
        25 => (2, false),
        26 => (4, false),
        27 => (8, false),
        // Indefinite length: strings, arrays and maps only (a break, major 7, is read apart).
        31 if (MAJOR_BYTES..=MAJOR_MAP).contains(&major) => (0, true),
        _ => return Err(Stop::Refused),
    };
    if indefinite {
        return Ok(Head { major, argument: None, len: 1 });
    }
    let following = bytes.get(at + 1..at + 1 + size).ok_or(Stop::Truncated)?;
    let argument = following.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b));
    Ok(Head { major, argument: Some(argument), len: 1 + size })
}

/// Where a string's content of `len` bytes starting at `at` ends, if the input holds it.
fn string_end(bytes: &[u8], at: usize, len: u64) -> Result<usize, Stop> {
    usize::try_from(len)
        .ok()
        .and_then(|len| at.checked_add(len))
        .filter(|&end| end <= bytes.len())
        .ok_or(Stop::Truncated)
}

/// Reads the chunks of an indefinite-length string after its head, up to its break, as
/// `ciborium` does (chunks of the string's own major type; it also takes indefinite chunks,
/// which end with their own break). Returns where the string ends.
fn indefinite_string(
    bytes: &[u8],
    mut at: usize,
    major: u8,
    cost: &mut Cost<'_>,
) -> Result<Result<usize, (usize, Stop)>, CborError> {
    let mut open = 1usize;
    cost.memory(ALLOCATION_OVERHEAD, at)?;
    loop {
        if bytes.get(at) == Some(&BREAK) {
            at += 1;
            open -= 1;
            if open == 0 {
                return Ok(Ok(at));
            }
            continue;
        }
        let head = match read_head(bytes, at) {
            Ok(head) if head.major == major => head,
            Ok(_) => return Ok(Err((at, Stop::Refused))),
            Err(stop) => return Ok(Err((at, stop))),
        };
        match head.argument {
            None => {
                open += 1;
                at += head.len;
            }
            Some(len) => {
                let end = match string_end(bytes, at + head.len, len) {
                    Ok(end) => end,
                    Err(stop) => return Ok(Err((at, stop))),
                };
                // Appended chunk by chunk to a vector that at most doubles: twice the bytes.
                cost.memory((end - at - head.len).saturating_mul(2), at)?;
                at = end;
            }
        }
    }
}

/// Called when an item ends at `end`: if it was a map key, checks its order against the
/// previous key of that map.
fn item_ended(stack: &mut [Frame], bytes: &[u8], end: usize, keys_in_order: &mut bool) {
    let Some(parent) = stack.last_mut() else { return };
    if parent.container != Container::Map || parent.seen % 2 == 0 {
        return;
    }
    let key = bytes.get(parent.key_start..end).unwrap_or_default();
    if let Some((start, stop)) = parent.previous_key {
        if bytes.get(start..stop).unwrap_or_default() >= key {
            *keys_in_order = false;
        }
    }
    parent.previous_key = Some((parent.key_start, end));
}

/// Walks one item's heads without decoding it, adding up its `cost`: refuses it when that passes
/// the limits, otherwise says where it ends or where it is malformed.
pub(super) fn prescan(bytes: &[u8], cost: &mut Cost<'_>) -> Result<Prescan, CborError> {
    let max_depth = cost.limits.max_depth;
    let mut stack: Vec<Frame> = Vec::new();
    let mut keys_in_order = true;
    let mut at = 0usize;
    let stopped = |head_at: usize, stop: Stop| -> Result<Prescan, CborError> {
        let guard = match stop {
            Stop::Truncated => bytes.len(),
            Stop::Refused => head_at.saturating_add(2 * MAX_HEAD_LEN).min(bytes.len()),
        };
        Ok(Prescan::Stopped { at: head_at, guard })
    };
    loop {
        // Close every container that has all its items.
        while stack.last().is_some_and(|f| f.left == Some(0)) {
            stack.pop();
            item_ended(&mut stack, bytes, at, &mut keys_in_order);
        }
        if stack.is_empty() && cost.items > 0 {
            return Ok(Prescan::Complete { end: at, keys_in_order });
        }
        if bytes.get(at) == Some(&BREAK) {
            // Ends an indefinite array, or an indefinite map where a key would come; `ciborium`
            // refuses it anywhere else.
            let ends = stack.last().is_some_and(|f| {
                f.left.is_none()
                    && (f.container == Container::Array || (f.container == Container::Map && f.seen % 2 == 0))
            });
            if !ends {
                return stopped(at, Stop::Refused);
            }
            stack.pop();
            at += 1;
            item_ended(&mut stack, bytes, at, &mut keys_in_order);
            continue;
        }
        let head = match read_head(bytes, at) {
            Ok(head) => head,
            Err(stop) => return stopped(at, stop),
        };
        // A new item in the innermost container.
        cost.item(at)?;
        if let Some(parent) = stack.last_mut() {
            parent.left = parent.left.map(|n| n.saturating_sub(1));
            match parent.container {
                Container::Array => cost.memory(push_cost(parent.seen, SLOT), at)?,
                Container::Map if parent.seen % 2 == 0 => {
                    cost.memory(push_cost(parent.seen / 2, ENTRY), at)?;
                    parent.key_start = at;
                }
                Container::Map | Container::Tag => {}
            }
            parent.seen += 1;
        }
        let container = match head.major {
            MAJOR_BYTES | MAJOR_TEXT => {
                let end = match head.argument {
                    Some(len) => match string_end(bytes, at + head.len, len) {
                        Ok(end) => {
                            cost.memory(string_cost(end - at - head.len), at)?;
                            end
                        }
                        Err(stop) => return stopped(at, stop),
                    },
                    None => match indefinite_string(bytes, at + head.len, head.major, cost)? {
                        Ok(end) => end,
                        Err((chunk_at, stop)) => return stopped(chunk_at, stop),
                    },
                };
                at = end;
                item_ended(&mut stack, bytes, at, &mut keys_in_order);
                continue;
            }
            MAJOR_ARRAY => Container::Array,
            MAJOR_MAP => Container::Map,
            MAJOR_TAG => {
                // A big integer: tag 2 or 3 on a short definite byte string is one leaf.
                let content = at + head.len;
                let bignum = match (head.argument, read_head(bytes, content)) {
                    (Some(tag), Ok(Head { major: MAJOR_BYTES, argument: Some(len), len: head_len }))
                        if BIGNUM_TAGS.contains(&tag) && len <= BIGNUM_MAX_LEN =>
                    {
                        Some(string_end(bytes, content + head_len, len))
                    }
                    _ => None,
                };
                match bignum {
                    Some(Ok(end)) => {
                        cost.item(content)?;
                        at = end;
                        item_ended(&mut stack, bytes, at, &mut keys_in_order);
                        continue;
                    }
                    Some(Err(stop)) => return stopped(content, stop),
                    None => {}
                }
                cost.memory(SLOT + ALLOCATION_OVERHEAD, at)?;
                Container::Tag
            }
            // Integers, simple values and floats: leaves.
            _ => {
                at += head.len;
                item_ended(&mut stack, bytes, at, &mut keys_in_order);
                continue;
            }
        };
        if stack.len() >= max_depth {
            return stopped(at, Stop::Refused);
        }
        let left = match container {
            Container::Tag => Some(1),
            Container::Array => head.argument,
            Container::Map => head.argument.map(|n| n.saturating_mul(2)),
        };
        stack.push(Frame { container, left, seen: 0, key_start: 0, previous_key: None });
        at += head.len;
    }
}
