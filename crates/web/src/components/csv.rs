//! CSV as spreadsheets read it (RFC 4180), with every cell that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) neutralised by a leading
//! apostrophe.

/// One CSV line (ending in CRLF) of these cells.
pub fn row(cells: &[&str]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
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
    use super::row;

    #[test]
    fn cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(row(&["Ada", "ada@example.com", "12.50"]), "Ada,ada@example.com,12.50\r\n");
        assert_eq!(row(&["Lee, Min", "say \"hi\""]), "\"Lee, Min\",\"say \"\"hi\"\"\"\r\n");
        assert_eq!(
            row(&["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)"]),
            "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1)\r\n"
        );
        assert_eq!(row(&["\tcmd"]), "'\tcmd\r\n");
    }
}
