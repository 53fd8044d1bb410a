//! Batch input: one person per CSV row or JSON Lines object, read as a stream.
//!
//! Columns (CSV header names, or JSON keys):
//!
//! | column       | required | example        |
//! |--------------|----------|----------------|
//! | `name`       | yes      | `张三`          |
//! | `birth_date` | yes      | `1990-07-01`, `1990-07` or `1990` |
//! | `status`     | yes      | `green`, `yellow`, `red` |
//! | `basis`      | no       | `test`, `vaccination`, … (empty: none) |
//! | `valid_for`  | no       | `72h`, `7d` (empty: the run's default) |
//!
//! A row that cannot be read (wrong column count, invalid UTF-8, a bad value) is reported with
//! its number and the reason, and the rows after it are still read.

use std::io::{BufRead, Read};
use std::time::Duration;

use healthseal_core::{read_line_bounded, Basis, Status};
use serde::Deserialize;
use thiserror::Error;

/// Longest JSON Lines line accepted, in bytes: a person's fields take a few hundred; this bound
/// keeps memory flat whatever the file holds.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// The columns a batch may have.
pub const COLUMNS: [&str; 5] = ["name", "birth_date", "status", "basis", "valid_for"];
const REQUIRED: [&str; 3] = ["name", "birth_date", "status"];

/// One person's fields, read but not yet validated as a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFields {
    /// Holder name.
    pub name: String,
    /// Birth date as written.
    pub birth_date: String,
    /// Status.
    pub status: Status,
    /// Basis, when given.
    pub basis: Option<Basis>,
    /// Validity for this person, when given (else the run's default).
    pub valid_for: Option<Duration>,
}

/// One input row: where it was, and its fields or why they could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputRow {
    /// Data row number, from 1 (the CSV header is not a row).
    pub row: u64,
    /// Line in the file where the row starts, from 1.
    pub line: u64,
    /// The fields, or why not.
    pub fields: Result<RowFields, RowError>,
}

/// Why one row could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RowError {
    /// The row has more or fewer fields than the header.
    #[error("{found} fields where the header has {expected}")]
    ColumnCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// A field is not valid UTF-8.
    #[error("the {column} field is not valid UTF-8")]
    NotUtf8 {
        /// Column name (or "line" for JSON Lines).
        column: String,
    },
    /// A required field is missing or empty.
    #[error("{column} is empty")]
    Missing {
        /// Column name.
        column: &'static str,
    },
    /// A field has a value that does not parse.
    #[error("{column}: {reason}")]
    Invalid {
        /// Column name.
        column: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A JSON Lines line is not a JSON object of the documented fields.
    #[error("not a JSON object with the batch fields: {reason}")]
    Json {
        /// The parser's explanation.
        reason: String,
    },
    /// A line longer than [`MAX_LINE_BYTES`].
    #[error("line longer than {MAX_LINE_BYTES} bytes")]
    TooLong,
    /// The CSV parser could not read the record.
    #[error("unreadable CSV record: {reason}")]
    Csv {
        /// The parser's explanation.
        reason: String,
    },
}

/// Why the input as a whole cannot be read (nothing is issued).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum InputError {
    /// The CSV header lacks a required column.
    #[error("the CSV header has no {column:?} column (columns: name, birth_date, status, basis, valid_for)")]
    MissingColumn {
        /// The missing column.
        column: &'static str,
    },
    /// The CSV header names a column healthseal does not know.
    #[error("the CSV header has an unknown column {column:?} (columns: name, birth_date, status, basis, valid_for)")]
    UnknownColumn {
        /// The unknown column, as written.
        column: String,
    },
    /// The CSV header names a column twice.
    #[error("the CSV header has the column {column:?} twice")]
    DuplicateColumn {
        /// The repeated column.
        column: String,
    },
    /// The input is empty or has no header.
    #[error("the input is empty (a CSV file starts with a header line: name,birth_date,status)")]
    Empty,
    /// Reading failed.
    #[error("read failed: {reason}")]
    Io {
        /// The system's explanation.
        reason: String,
    },
}

fn parse_fields(get: impl Fn(&'static str) -> Option<String>) -> Result<RowFields, RowError> {
    let required = |column: &'static str| {
        get(column)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .ok_or(RowError::Missing { column })
    };
    let optional = |column: &'static str| get(column).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let name = get("name").filter(|v| !v.trim().is_empty()).ok_or(RowError::Missing { column: "name" })?;
    let birth_date = required("birth_date")?;
    let status =
        required("status")?.to_ascii_lowercase().parse().map_err(|e: healthseal_core::StatusError| {
            RowError::Invalid { column: "status", reason: e.to_string() }
        })?;
    let basis = optional("basis").map(|b| b.to_ascii_lowercase().parse()).transpose().map_err(
        |e: healthseal_core::BasisError| RowError::Invalid { column: "basis", reason: e.to_string() },
    )?;
    let valid_for = optional("valid_for")
        .map(|v| {
            healthseal_core::parse_duration(&v).map_err(|e| RowError::Invalid {
                column: "valid_for",
                reason: format!("{v:?} is not a duration: {e}"),
            })
        })
        .transpose()?;
    Ok(RowFields { name: name.trim().to_string(), birth_date, status, basis, valid_for })
}

/// Rows of a CSV file with a header line (RFC 4180: quoted fields may hold commas and line
/// breaks). The header is checked before any row is returned.
///
/// ```
/// use healthseal_issuer::batch::csv_rows;
/// let input = "name,birth_date,status\n张三,1990-07-01,green\n,1990,green\n";
/// let rows: Vec<_> = csv_rows(input.as_bytes())?.collect();
/// assert_eq!(rows[0].fields.as_ref().unwrap().name, "张三");
/// assert_eq!(rows[1].fields.as_ref().unwrap_err().to_string(), "name is empty");
/// # Ok::<(), healthseal_issuer::batch::InputError>(())
/// ```
pub fn csv_rows<R: Read>(reader: R) -> Result<impl Iterator<Item = InputRow>, InputError> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(reader);
    let header = csv.byte_headers().map_err(|e| InputError::Io { reason: e.to_string() })?.clone();
    if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
        return Err(InputError::Empty);
    }
    let mut index = [None; COLUMNS.len()];
    for (i, raw) in header.iter().enumerate() {
        let name = String::from_utf8_lossy(raw).trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
        let Some(c) = COLUMNS.iter().position(|c| *c == name) else {
            return Err(InputError::UnknownColumn { column: name });
        };
        if index[c].replace(i).is_some() {
            return Err(InputError::DuplicateColumn { column: name });
        }
    }
    for column in REQUIRED {
        if COLUMNS.iter().position(|c| *c == column).and_then(|c| index[c]).is_none() {
            return Err(InputError::MissingColumn { column });
        }
    }
    let width = header.len();
    let mut records = csv.into_byte_records();
    let mut row = 0u64;
    Ok(std::iter::from_fn(move || {
        let record = records.next()?;
        row += 1;
        let (line, fields) = match record {
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                (line, Err(RowError::Csv { reason: e.to_string() }))
            }
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                let fields = if record.len() != width {
                    Err(RowError::ColumnCount { expected: width, found: record.len() })
                } else {
                    read_csv_record(&record, &index)
                };
                (line, fields)
            }
        };
        Some(InputRow { row, line, fields })
    }))
}

fn read_csv_record(
    record: &csv::ByteRecord,
    index: &[Option<usize>; COLUMNS.len()],
) -> Result<RowFields, RowError> {
    let mut values: [Option<String>; COLUMNS.len()] = Default::default();
    for (c, i) in index.iter().enumerate() {
        if let Some(bytes) = i.and_then(|i| record.get(i)) {
            let text =
                std::str::from_utf8(bytes).map_err(|_| RowError::NotUtf8 { column: COLUMNS[c].into() })?;
            values[c] = Some(text.to_string());
        }
    }
    parse_fields(|column| COLUMNS.iter().position(|c| *c == column).and_then(|c| values[c].clone()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRow {
    name: Option<String>,
    birth_date: Option<String>,
    status: Option<String>,
    basis: Option<String>,
    valid_for: Option<String>,
}

/// Rows of a JSON Lines file: one object per line with the batch fields; blank lines are skipped.
///
/// ```
/// use healthseal_issuer::batch::jsonl_rows;
/// let input = r#"{"name": "Ana Lima", "birth_date": "1985-03", "status": "yellow", "valid_for": "7d"}"#;
/// let row = jsonl_rows(input.as_bytes()).next().unwrap();
/// assert_eq!(row.fields.unwrap().valid_for, Some(std::time::Duration::from_secs(7 * 86_400)));
/// ```
pub fn jsonl_rows<R: BufRead>(mut reader: R) -> impl Iterator<Item = InputRow> {
    let mut line_no = 0u64;
    let mut row = 0u64;
    let mut buf = Vec::new();
    std::iter::from_fn(move || loop {
        buf.clear();
        line_no += 1;
        let too_long = match read_line_bounded(&mut reader, &mut buf, MAX_LINE_BYTES) {
            Ok(None) => return None,
            Ok(Some(too_long)) => too_long,
            Err(e) => {
                row += 1;
                let reason = e.to_string();
                return Some(InputRow { row, line: line_no, fields: Err(RowError::Csv { reason }) });
            }
        };
        if !too_long && buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        row += 1;
        let fields = if too_long {
            Err(RowError::TooLong)
        } else {
            match std::str::from_utf8(&buf) {
                Err(_) => Err(RowError::NotUtf8 { column: "line".into() }),
                Ok(text) => match serde_json::from_str::<JsonRow>(text) {
                    Err(e) => Err(RowError::Json { reason: e.to_string() }),
                    Ok(j) => parse_fields(|column| match column {
                        "name" => j.name.clone(),
                        "birth_date" => j.birth_date.clone(),
                        "status" => j.status.clone(),
                        "basis" => j.basis.clone(),
                        _ => j.valid_for.clone(),
                    }),
                },
            }
        };
        return Some(InputRow { row, line: line_no, fields });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(input: &[u8]) -> Vec<(u64, u64, String)> {
        csv_rows(input)
            .unwrap()
            .filter_map(|r| r.fields.err().map(|e| (r.row, r.line, e.to_string())))
            .collect()
    }

    #[test]
    fn csv_bad_rows_are_reported_and_the_rest_read() {
        let input = b"name,birth_date,status,basis,valid_for\n\
            Ana,1985-03,green,,\n\
            ,1990,green,,\n\
            Bo,1990,purple,,\n\
            Cy,1990,green\n\
            D\xffe,1990,green,,\n\
            Ed,1990,red,test,forever\n\
            \"Fa, Li\",2001-02-03,YELLOW,Vaccination,7d\n";
        let rows: Vec<_> = csv_rows(&input[..]).unwrap().collect();
        assert_eq!(rows.len(), 7);
        assert_eq!(
            errors(input),
            vec![
                (2, 3, "name is empty".into()),
                (3, 4, "status: unknown status \"purple\"; expected green, yellow or red".into()),
                (4, 5, "3 fields where the header has 5".into()),
                (5, 6, "the name field is not valid UTF-8".into()),
                (6, 7, "valid_for: \"forever\" is not a duration: expected number at 0; write e.g. 72h, 7d or 1h30m".into()),
            ]
        );
        let last = rows[6].fields.as_ref().unwrap();
        assert_eq!(last.name, "Fa, Li");
        assert_eq!((last.status, last.basis), (Status::Yellow, Some(Basis::Vaccination)));
        assert_eq!(last.valid_for, Some(Duration::from_secs(7 * 86_400)));
    }

    #[test]
    fn csv_header_is_checked_first() {
        let err = |input: &str| csv_rows(input.as_bytes()).err().unwrap();
        assert_eq!(err(""), InputError::Empty);
        assert_eq!(err("name,status\n"), InputError::MissingColumn { column: "birth_date" });
        assert_eq!(err("name,birth_date,status,city\n"), InputError::UnknownColumn { column: "city".into() });
        assert_eq!(
            err("name,name,birth_date,status\n"),
            InputError::DuplicateColumn { column: "name".into() }
        );
        // A byte-order mark and capitals, as spreadsheets write them, are fine.
        assert!(csv_rows("\u{feff}Name,Birth_Date,Status\n".as_bytes()).is_ok());
    }

    #[test]
    fn jsonl_rows_and_errors() {
        let mut input = b"{\"name\":\"A\",\"birth_date\":\"1990\",\"status\":\"green\"}\n\n\
            {\"name\":\"B\",\"birth_date\":\"1990\"}\n\
            not json\n\
            {\"name\":\"C\",\"birth_date\":\"1990\",\"status\":\"red\",\"city\":\"x\"}\n"
            .to_vec();
        input.extend_from_slice(b"\"\xff\"\n");
        input.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 1));
        input.extend_from_slice(b"\n{\"name\":\"D\",\"birth_date\":\"1990\",\"status\":\"red\"}");
        let rows: Vec<_> = jsonl_rows(&input[..]).collect();
        let summary: Vec<_> = rows
            .iter()
            .map(|r| (r.row, r.line, r.fields.as_ref().map(|f| f.name.clone()).map_err(|e| e.to_string())))
            .collect();
        assert_eq!(summary[0], (1, 1, Ok("A".into())));
        assert_eq!(summary[1], (2, 3, Err("status is empty".into())));
        assert!(matches!(&rows[2].fields, Err(RowError::Json { .. })));
        assert!(matches!(&rows[3].fields, Err(RowError::Json { reason }) if reason.contains("city")));
        assert_eq!(rows[4].fields, Err(RowError::NotUtf8 { column: "line".into() }));
        assert_eq!(rows[5].fields, Err(RowError::TooLong));
        assert_eq!(summary[6], (7, 8, Ok("D".into())));
    }
}
