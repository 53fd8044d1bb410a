//! Compact diagnostic notation (RFC 8949 section 8), for showing decoded data to people.

use ciborium::Value;

/// Compact diagnostic notation (RFC 8949 section 8) for showing decoded data to people.
///
/// Text is shown with Rust escaping, so control characters in hostile input cannot reach a
/// terminal.
///
/// ```
/// use ciborium::Value;
/// let v = Value::Map(vec![(Value::from(1), Value::Bytes(vec![0xab]))]);
/// assert_eq!(healthseal_core::cbor::diagnostic(&v), "{1: h'ab'}");
/// ```
pub fn diagnostic(value: &Value) -> String {
    let mut out = String::new();
    write_diagnostic(value, &mut out);
    out
}

fn write_diagnostic(value: &Value, out: &mut String) {
    use std::fmt::Write as _;
    match value {
        Value::Integer(i) => {
            let _ = write!(out, "{}", i128::from(*i));
        }
        Value::Bytes(b) => {
            out.push_str("h'");
            for byte in b {
                let _ = write!(out, "{byte:02x}");
            }
            out.push('\'');
        }
        Value::Float(f) => {
            let _ = write!(out, "{f:?}");
        }
        Value::Text(t) => {
            let _ = write!(out, "\"{}\"", t.escape_debug());
        }
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Null => out.push_str("null"),
        Value::Tag(tag, inner) => {
            let _ = write!(out, "{tag}(");
            write_diagnostic(inner, out);
            out.push(')');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_diagnostic(item, out);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_diagnostic(k, out);
                out.push_str(": ");
                write_diagnostic(v, out);
            }
            out.push('}');
        }
        _ => out.push_str("<unknown>"),
    }
}
