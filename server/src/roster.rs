//! A people file as a spreadsheet saves it (UTF-8, `;` as Excel in Latvia writes it, or
//! `,`), read into cells with their line numbers for the domain's `roster` to check.

/// The file's rows as cells, each with its line number; the header first. A byte order
/// mark is dropped; the separator is the header's (`;` when it has more of them than
/// `,`).
pub fn records(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, RecordsError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| RecordsError::NotUtf8 {
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count(),
    })?;
    let header = text.lines().next().unwrap_or_default();
    let separator = if header.matches(';').count() >= header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    // The reader's own line count lags a line behind after a CRLF (it takes the LF
    // as the next record's start), so lines are counted from the record's byte.
    let line_at = |byte: usize| {
        let end = (byte + 1).min(text.len());
        1 + text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
    };
    loop {
        let before = reader.position().byte() as usize;
        let more = reader
            .read_record(&mut record)
            .map_err(|_| RecordsError::Unreadable {
                line: line_at(before),
            })?;
        if !more {
            break;
        }
        let start = record.position().map_or(before, |p| p.byte() as usize);
        out.push((line_at(start), record.iter().map(str::to_owned).collect()));
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordsError {
    /// Not UTF-8 from this line on (an older Excel's "CSV" is Windows-1257).
    NotUtf8 { line: usize },
    /// A quote left open, or the like.
    Unreadable { line: usize },
}

impl RecordsError {
    /// The message's key in the catalogue, and its line.
    pub fn key_and_line(&self) -> (&'static str, usize) {
        match self {
            RecordsError::NotUtf8 { line } => ("import.not_utf8", *line),
            RecordsError::Unreadable { line } => ("import.unreadable", *line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_as_excel_in_latvia_writes_them_with_a_bom_and_quotes() {
        let file = "\u{feff}Lietotājvārds;Vārds Uzvārds;Loma;Iestāde\r\n\
                    aberzina;\"Bērziņa; Anna\";Pedagogs;Madonas pilsētas vidusskola\r\n";
        let rows = records(file.as_bytes()).unwrap();
        assert_eq!(
            rows[0],
            (
                1,
                vec![
                    "Lietotājvārds".into(),
                    "Vārds Uzvārds".into(),
                    "Loma".into(),
                    "Iestāde".into()
                ]
            )
        );
        assert_eq!(rows[1].0, 2);
        assert_eq!(rows[1].1[1], "Bērziņa; Anna");
    }

    #[test]
    fn commas_when_the_header_has_them() {
        let rows =
            records(b"username,name,role,school\nrsilina,R\xC5\xABta Sili\xC5\x86a,teacher,\n")
                .unwrap();
        assert_eq!(rows[1].1, ["rsilina", "Rūta Siliņa", "teacher", ""]);
    }

    #[test]
    fn a_file_in_another_encoding_is_named_with_its_line() {
        // "Bērziņa" in Windows-1257.
        let err = records(b"username;name\nab;B\xE7rzi\xF2a\n").unwrap_err();
        assert_eq!(err, RecordsError::NotUtf8 { line: 2 });
    }
}
#[cfg(test)]
mod line_tests {
    #[test]
    fn lines_are_the_files_lines() {
        let rows = super::records("a;b\r\nc;d\r\ne;f\r\ng;h\r\n".as_bytes()).unwrap();
        let lines: Vec<usize> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
    }
}
