//! CSV as spreadsheets read it (RFC 4180), with every cell that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) neutralised by a leading
//! apostrophe. Only a number the server itself wrote (an amount) may start with `-` unchanged,
//! so that a spreadsheet sums it.

/// A cell: text (neutralised when a spreadsheet would run it), or a number the server wrote.
#[derive(Clone, Copy, Debug)]
pub enum Cell<'a> {
    /// Anything people may have typed.
    Text(&'a str),
    /// A decimal number the server formatted (`-110.00`); treated as text unless it is exactly one.
    Number(&'a str),
}

/// One CSV line (ending in CRLF) of these text cells.
pub fn row(cells: &[&str]) -> String {
    typed_row(&cells.iter().map(|c| Cell::Text(c)).collect::<Vec<_>>())
}

/// A decimal number and nothing else: an optional `-`, digits, and at most one `.` between digits.
fn plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty() && !fraction.is_empty() && [whole, fraction].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// One CSV line (ending in CRLF) of these cells.
pub fn typed_row(cells: &[Cell<'_>]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let (cell, number) = match *cell {
            Cell::Text(text) => (text, false),
            Cell::Number(text) => (text, plain_number(text)),
        };
        let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number;
        let text = if formula { format!("'{cell}") } else { (*cell).to_owned() };
        if text.contains([',', '"', '\n', '\r']) || text != text.trim() {
            line.push('"');
            line.push_str(&text.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&text);
        }
    }
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::{Cell, row, typed_row};

    #[test]
    fn cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(row(&["Ada", "ada@example.com", "12.50"]), "Ada,ada@example.com,12.50\r\n");
        assert_eq!(row(&["Lee, Min", "say \"hi\""]), "\"Lee, Min\",\"say \"\"hi\"\"\"\r\n");
        assert_eq!(
            row(&["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)"]),
            "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1)\r\n"
        );
        assert_eq!(row(&["\tcmd"]), "'\tcmd\r\n");
        let numbers = ["-110.00", "-3", "-1+1", "-", "-.5", "--1"].map(Cell::Number);
        assert_eq!(typed_row(&numbers), "-110.00,-3,'-1+1,'-,'-.5,'--1\r\n", "only plain numbers keep their sign");
        assert_eq!(typed_row(&[Cell::Text("-3")]), "'-3\r\n", "text is text, whatever it looks like");
    }
}
