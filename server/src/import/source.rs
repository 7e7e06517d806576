//! Reading an import file: UTF-8 CSV, comma separated, a header row naming the columns.
//! Records are streamed (a billing export can be a million rows) and each carries the line
//! it starts on, which is what an administrator needs to find it in the file.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// One column a kind of file may have.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

impl Column {
    pub const fn required(name: &'static str) -> Column {
        Column { name, required: true }
    }
    pub const fn optional(name: &'static str) -> Column {
        Column { name, required: false }
    }
}

/// Where each expected column is in the file (columns may come in any order).
#[derive(Debug)]
pub struct Layout {
    positions: Vec<Option<usize>>,
    width: usize,
}

/// The fields of one record, looked up by the position of the column in the kind's list.
pub struct Fields<'a> {
    pub line: u64,
    values: Vec<&'a str>,
    layout: &'a Layout,
    columns: &'static [Column],
}

impl<'a> Fields<'a> {
    /// The trimmed value, `""` for an optional column the file does not have.
    pub fn get(&self, column: usize) -> &'a str {
        self.layout.positions[column].map_or("", |i| self.values[i].trim())
    }

    pub fn name(&self, column: usize) -> &'static str {
        self.columns[column].name
    }
}

pub struct Source {
    reader: csv::Reader<BufReader<File>>,
    layout: Layout,
    columns: &'static [Column],
    record: csv::ByteRecord,
    /// The file's length if its last line has no line break, to number that line right.
    unterminated_end: Option<u64>,
}

/// What went wrong with a record before any column was read.
pub type RecordError = (u64, String);

impl Source {
    /// Opens the file and checks its header row against the kind's columns.
    pub fn open(path: &Path, columns: &'static [Column]) -> Result<Source, RecordError> {
        let cannot = |e: std::io::Error| (0, format!("не удалось открыть файл {}: {e}", path.display()));
        let mut file = File::open(path).map_err(cannot)?;
        let unterminated_end = unterminated_end(&mut file).map_err(cannot)?;
        // Only `\n` ends a record, so that the line count csv keeps is exact after every
        // record; the `\r` of Windows line ends is trimmed off the last field like a space.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(BufReader::with_capacity(1 << 20, file));
        let header = reader.byte_headers().map_err(|e| (1, describe(&e)))?.clone();
        let layout = layout(&header, columns).map_err(|m| (1, m))?;
        Ok(Source { reader, layout, columns, record: csv::ByteRecord::new(), unterminated_end })
    }

    /// The next record, `None` at the end of the file.
    pub fn next_record(&mut self) -> Option<Result<Fields<'_>, RecordError>> {
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => return None,
                // A blank line of a Windows file (`\r` alone).
                Ok(true) if self.is_blank() => continue,
                Ok(true) => return Some(self.fields()),
                // After an I/O error the reader reports the end of the file next time.
                Err(e) => return Some(Err((e.position().map_or(0, |p| p.line()), describe(&e)))),
            }
        }
    }

    /// A line with nothing but `\r` or spaces. (A one-column file has no blank lines: there,
    /// it is an empty value.)
    fn is_blank(&self) -> bool {
        self.layout.width > 1 && self.record.len() == 1 && self.record[0].trim_ascii().is_empty()
    }

    /// The line the record starts on. The position csv gives a record is where the reader
    /// stood before it, so skipped blank lines would count against the record; the position
    /// after it is exact, so count back the line breaks the record itself took.
    fn start_line(&self) -> u64 {
        let after = self.reader.position();
        let inside = self.record.iter().flatten().filter(|&&b| b == b'\n').count() as u64;
        let terminator = u64::from(self.unterminated_end != Some(after.byte()));
        after.line().saturating_sub(inside + terminator).max(2)
    }

    fn fields(&self) -> Result<Fields<'_>, RecordError> {
        let line = self.start_line();
        if self.record.len() != self.layout.width {
            return Err((
                line,
                format!("полей {}, а в строке заголовка столбцов {}", self.record.len(), self.layout.width),
            ));
        }
        let mut values = Vec::with_capacity(self.record.len());
        for (i, raw) in self.record.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(v) => values.push(v),
                Err(_) => {
                    return Err((
                        line,
                        format!("поле {} не в кодировке UTF-8: сохраните файл как UTF-8", i + 1),
                    ));
                }
            }
        }
        Ok(Fields { line, values, layout: &self.layout, columns: self.columns })
    }
}

fn unterminated_end(file: &mut File) -> std::io::Result<Option<u64>> {
    use std::io::{Read, Seek, SeekFrom};
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(None);
    }
    let mut last = [0u8];
    file.seek(SeekFrom::End(-1))?;
    file.read_exact(&mut last)?;
    file.seek(SeekFrom::Start(0))?;
    Ok((last[0] != b'\n').then_some(len))
}

fn describe(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => format!("ошибка чтения файла: {io}"),
        csv::ErrorKind::Utf8 { .. } => "файл не в кодировке UTF-8: сохраните его как UTF-8".into(),
        _ => format!("файл не читается как CSV: {e}"),
    }
}

fn layout(header: &csv::ByteRecord, columns: &'static [Column]) -> Result<Layout, String> {
    let expected = || columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
    if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
        return Err(format!("нет строки заголовка; ожидается {}", expected()));
    }
    let mut positions = vec![None; columns.len()];
    for (i, raw) in header.iter().enumerate() {
        let name = std::str::from_utf8(raw)
            .map_err(|_| "файл не в кодировке UTF-8: сохраните его как UTF-8".to_owned())?
            .trim_start_matches('\u{feff}')
            .trim()
            .to_lowercase();
        let Some(c) = columns.iter().position(|c| c.name == name) else {
            return Err(format!("неизвестный столбец «{name}»; ожидается {}", expected()));
        };
        if positions[c].replace(i).is_some() {
            return Err(format!("столбец «{name}» указан дважды"));
        }
    }
    let missing: Vec<&str> = columns
        .iter()
        .zip(&positions)
        .filter(|(c, p)| c.required && p.is_none())
        .map(|(c, _)| c.name)
        .collect();
    if !missing.is_empty() {
        return Err(format!("нет обязательных столбцов: {}; ожидается {}", missing.join(", "), expected()));
    }
    Ok(Layout { positions, width: header.len() })
}

/// Runs `check` on a record of `values` (in the order of `columns`) as a file would give it,
/// without the file: what property tests of the row parsers need a million times.
#[cfg(test)]
pub fn with_fields<T>(columns: &'static [Column], values: &[&str], check: impl FnOnce(&Fields) -> T) -> T {
    let header = csv::ByteRecord::from(columns.iter().map(|c| c.name).collect::<Vec<_>>());
    let layout = layout(&header, columns).expect("the kind's own header");
    check(&Fields { line: 2, values: values.to_vec(), layout: &layout, columns })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const COLUMNS: &[Column] =
        &[Column::required("code"), Column::required("name"), Column::optional("region")];

    fn open(text: &str) -> (tempfile::NamedTempFile, Result<Source, RecordError>) {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        let source = Source::open(f.path(), COLUMNS);
        (f, source)
    }

    fn collect(source: &mut Source) -> Vec<Result<(u64, Vec<String>), RecordError>> {
        let mut out = Vec::new();
        while let Some(r) = source.next_record() {
            out.push(r.map(|f| (f.line, (0..COLUMNS.len()).map(|c| f.get(c).to_owned()).collect())));
        }
        out
    }

    #[test]
    fn columns_in_any_order_with_a_bom_and_quoted_newlines() {
        let (_f, s) = open("\u{feff}Name , code\n\"ООО «Газ», Самара\",volga\n\"two\nlines\",x\n");
        let rows = collect(&mut s.unwrap());
        assert_eq!(rows[0], Ok((2, vec!["volga".into(), "ООО «Газ», Самара".into(), "".into()])));
        assert_eq!(rows[1], Ok((3, vec!["x".into(), "two\nlines".into(), "".into()])));
    }

    #[test]
    fn blank_lines_are_skipped_and_still_counted() {
        for (text, expected) in [
            ("code,name\n\na,b\r\n\r\n\nc,d\n", vec![3, 6]),
            ("code,name\na,b\n\nc,d", vec![2, 4]),
            ("code,name\r\n\"a\r\n\r\nb\",b\r\n\r\nc,\"d\ne\"\r\nf,g\r\n\r\n", vec![2, 6, 8]),
        ] {
            let (_f, s) = open(text);
            let lines: Vec<u64> = collect(&mut s.unwrap()).into_iter().map(|r| r.unwrap().0).collect();
            assert_eq!(lines, expected, "{text:?}");
        }
    }

    #[test]
    fn header_problems_are_reported_on_line_one() {
        assert!(open("").1.err().unwrap().1.contains("нет строки заголовка"));
        assert!(open("code,nom\n").1.err().unwrap().1.contains("неизвестный столбец «nom»"));
        assert!(open("code,code,name\n").1.err().unwrap().1.contains("указан дважды"));
        assert!(open("code,region\n").1.err().unwrap().1.contains("нет обязательных столбцов: name"));
    }

    #[test]
    fn short_rows_and_bad_encoding_name_their_line() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(b"code,name\na,b\nc\nd,\xcf\xf0\xe8\n").unwrap();
        let rows = collect(&mut Source::open(f.path(), COLUMNS).unwrap());
        assert!(rows[0].is_ok());
        assert_eq!(rows[1].as_ref().unwrap_err().0, 3);
        assert!(rows[1].as_ref().unwrap_err().1.contains("полей 1"));
        assert_eq!(rows[2].as_ref().unwrap_err().0, 4);
        assert!(rows[2].as_ref().unwrap_err().1.contains("UTF-8"));
    }

    /// Property tests (`proptest`): no file panics the reader, and what a CSV writer wrote
    /// reads back field by field with the line each record starts on.
    mod proptests {
        use super::*;
        use proptest::prelude::*;

        fn field() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                "[a-z \",\r\n\u{feff}]{0,12}",
                proptest::collection::vec(any::<char>(), 0..500).prop_map(String::from_iter),
            ]
        }

        proptest! {
            #[test]
            fn any_bytes_open_and_read_to_the_end_without_panicking(
                header in prop::sample::select(vec!["code,name\n", "name,code,region\r\n", "\u{feff}code,name\n", ""]),
                body in proptest::collection::vec(
                    prop_oneof![any::<u8>(), prop::sample::select(b",\"\r\n ".to_vec())], 0..2000),
            ) {
                let mut f = tempfile::NamedTempFile::new().unwrap();
                f.write_all(header.as_bytes()).unwrap();
                f.write_all(&body).unwrap();
                if let Ok(mut source) = Source::open(f.path(), COLUMNS) {
                    let mut lines = Vec::new();
                    while let Some(record) = source.next_record() {
                        let line = match record {
                            Ok(fields) => {
                                for c in 0..COLUMNS.len() {
                                    let _ = fields.get(c);
                                }
                                fields.line
                            }
                            Err((line, message)) => {
                                prop_assert!(!message.is_empty());
                                line
                            }
                        };
                        prop_assert!(line >= 2, "line {}", line);
                        lines.push(line);
                        prop_assert!(lines.len() <= body.len() + 1, "the reader comes to an end");
                    }
                    // Each record starts on a line after the one before. (Known exception: a
                    // quote left open at the very end of a file whose last byte is a line
                    // break is numbered one line early, as csv cannot tell that break from a
                    // terminator; such a record is the last one.)
                    for (i, pair) in lines.windows(2).enumerate() {
                        let last = i + 2 == lines.len();
                        prop_assert!(pair[1] > pair[0] || (last && pair[1] == pair[0]), "lines {:?}", lines);
                    }
                }
            }

            #[test]
            fn written_records_read_back_with_their_lines(
                rows in proptest::collection::vec((field(), field()), 0..20),
                crlf_free_end in prop::bool::ANY,
            ) {
                let mut text = Vec::from(&b"code,name\n"[..]);
                let mut expected = Vec::new();
                let mut line = 2u64;
                for (code, name) in &rows {
                    let mut w = csv::WriterBuilder::new()
                        .terminator(csv::Terminator::Any(b'\n'))
                        .quote_style(csv::QuoteStyle::Always)
                        .from_writer(Vec::new());
                    w.write_record([code, name]).unwrap();
                    let record = w.into_inner().unwrap();
                    expected.push((line, vec![code.trim().to_owned(), name.trim().to_owned(), String::new()]));
                    line += record.iter().filter(|&&b| b == b'\n').count() as u64;
                    text.extend_from_slice(&record);
                }
                if crlf_free_end && text.ends_with(b"\n") && !rows.is_empty() {
                    text.pop();
                }
                let mut f = tempfile::NamedTempFile::new().unwrap();
                f.write_all(&text).unwrap();
                let rows = collect(&mut Source::open(f.path(), COLUMNS).unwrap());
                let rows: Vec<_> = rows.into_iter().map(|r| r.unwrap()).collect();
                prop_assert_eq!(rows, expected);
            }
        }
    }
}
