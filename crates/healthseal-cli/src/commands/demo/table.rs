//! A plain-text table whose columns line up in a terminal, CJK names included.

/// Columns a character takes in a terminal: two for wide (CJK, full-width) characters.
fn columns(c: char) -> usize {
    let wide = matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

/// Terminal columns of `text`.
pub fn width(text: &str) -> usize {
    text.chars().map(columns).sum()
}

/// Rows of cells as lines, each column as wide as its widest cell, two spaces between
/// columns, the last column unpadded.
pub fn lines(indent: &str, rows: &[Vec<String>]) -> Vec<String> {
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count)
        .map(|i| rows.iter().filter_map(|r| r.get(i)).map(|c| width(c)).max().unwrap_or(0))
        .collect();
    rows.iter()
        .map(|row| {
            let mut line = indent.to_owned();
            for (i, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if i + 1 < row.len() {
                    line.push_str(&" ".repeat(widths[i] - width(cell) + 2));
                }
            }
            line.trim_end().to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(width("张三"), 4);
        assert_eq!(width("Ana Lima"), 8);
        let rows = vec![vec!["张三".to_owned(), "a".to_owned()], vec!["Li Wei".to_owned(), "b".to_owned()]];
        assert_eq!(lines("", &rows), ["张三    a", "Li Wei  b"]);
    }
}
