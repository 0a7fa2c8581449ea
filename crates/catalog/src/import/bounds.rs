//! What one import may read, however the file was made: a catalog or a feed of 100,000 rows stays
//! well under every bound, a hostile file meets one and is refused naming it (issue 13: an XLSX of
//! 9.8 MB expanding to a 4 GB sheet took 4.4 GB; `/dev/zero` grew without end; a FIFO blocked).
//!
//! - only regular files are read: a FIFO, a device or a folder is refused before it is opened;
//! - at most [`MAX_FILE_BYTES`] of file;
//! - a workbook (a ZIP) at most [`MAX_UNZIPPED_BYTES`] once decompressed, counted by
//!   decompressing (a ZIP's own stated sizes can lie), before the spreadsheet reader sees it;
//! - at most [`MAX_ROWS`] rows, [`MAX_CELL_TEXT_BYTES`] of cell text;
//! - at most [`MAX_PROBLEMS`] problems listed; the rest are counted.
//!
//! With these an import stays under 1 GB of memory and a minute (docs/RECORDS.md, *Hostile
//! files*, has the figures).

use std::io::Read;
use std::path::Path;

const MIB: u64 = 1024 * 1024;

/// The largest file an import reads: a 100,000-item catalog published as CSV is about 36 MB.
pub const MAX_FILE_BYTES: u64 = 100 * MIB;

/// The most a workbook may decompress to (sheets, shared strings, styles together).
pub const MAX_UNZIPPED_BYTES: u64 = 384 * MIB;

/// The most rows a table may have (twice the largest catalog or feed met).
pub const MAX_ROWS: usize = 200_000;

/// The most text the cells of one table may hold.
pub const MAX_CELL_TEXT_BYTES: usize = 192 * 1024 * 1024;

/// The most values (numbers, strings, arrays, objects…) a JSON file may hold: read whole before
/// it is checked, each costs tens of bytes, so `[0,0,0,…]` must not fill the memory. A canonical
/// catalog of 100,000 items holds about 4 million.
pub const MAX_JSON_VALUES: usize = 12_000_000;

/// Problems listed per report; beyond this they are counted, not listed.
pub const MAX_PROBLEMS: usize = 300;

/// The bytes of the regular file at `path`, at most [`MAX_FILE_BYTES`]. A FIFO, a device, a
/// socket or a folder is refused before it is opened (opening a FIFO would wait for a writer,
/// reading `/dev/zero` would never end).
pub fn read_regular_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let refused = |message: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, message);
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(refused(format!(
            "not a regular file ({}): an import reads only regular files",
            kind_of(&metadata.file_type())
        )));
    }
    let too_large = |bytes: u64| {
        refused(format!(
            "{} bytes, more than the {MAX_FILE_BYTES} bytes ({} MB) an import reads (bound: file size)",
            bytes,
            MAX_FILE_BYTES / MIB
        ))
    };
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(metadata.len()));
    }
    let file = std::fs::File::open(path)?;
    // Checked again on what was opened, and read no further than the bound, should the file have
    // been swapped or grown meanwhile.
    if !file.metadata()?.is_file() {
        return Err(refused("not a regular file once opened".into()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn kind_of(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// Refuses a workbook (ZIP) that decompresses to more than [`MAX_UNZIPPED_BYTES`], counting
/// what each part really decompresses to. Not a ZIP (an XLS, text): nothing to check here.
pub fn check_unzipped_size(bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        // The spreadsheet reader says what is wrong with it.
        return Ok(());
    };
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let Ok(part) = archive.by_index(index) else { continue };
        let left = MAX_UNZIPPED_BYTES - total;
        let read = std::io::copy(&mut part.take(left + 1), &mut std::io::sink()).unwrap_or(0);
        total += read;
        if total > MAX_UNZIPPED_BYTES {
            return Err(format!(
                "the workbook decompresses to more than {} MB (bound: decompressed size); a \
                 catalog or feed of 100,000 rows is far smaller",
                MAX_UNZIPPED_BYTES / MIB
            ));
        }
    }
    Ok(())
}

/// Refuses JSON text holding more than [`MAX_JSON_VALUES`] values, counted without parsing
/// (every `[`, `{` and `,` outside strings).
pub fn check_json(text: &str) -> Result<(), String> {
    let (mut values, mut in_string, mut escaped) = (0usize, false, false);
    for byte in text.bytes() {
        match (in_string, escaped, byte) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => in_string = false,
            (false, _, b'"') => in_string = true,
            (false, _, b'[' | b'{' | b',') => values += 1,
            _ => {}
        }
        if values > MAX_JSON_VALUES {
            return Err(format!("more than {MAX_JSON_VALUES} JSON values (bound: JSON values)"));
        }
    }
    Ok(())
}

/// Whether reading one more row of `text_bytes` would pass a bound; the refusal names it.
pub fn check_table(rows: usize, text_bytes: usize) -> Result<(), String> {
    if rows > MAX_ROWS {
        return Err(format!("more than {MAX_ROWS} rows (bound: rows)"));
    }
    if text_bytes > MAX_CELL_TEXT_BYTES {
        return Err(format!(
            "more than {} MB of text in its cells (bound: cell text)",
            MAX_CELL_TEXT_BYTES / (1024 * 1024)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_fifo_and_a_device_are_refused_at_once_and_a_folder_too() {
        let dir = tempfile::tempdir().expect("tmp");
        let fifo = dir.path().join("pipe.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
        assert!(made.success());
        for path in [fifo.as_path(), Path::new("/dev/zero"), dir.path()] {
            let refused = read_regular_file(path).expect_err("refused");
            assert!(refused.to_string().contains("only regular files"), "{refused}");
        }
    }

    #[test]
    fn json_of_too_many_values_is_refused_without_parsing_it() {
        let hostile = format!("[{}0]", "0,".repeat(MAX_JSON_VALUES + 1));
        let refused = check_json(&hostile).expect_err("refused");
        assert!(refused.contains("bound: JSON values"), "{refused}");
        let text = r#"{"a": "[,,,{", "b": [1, 2, {"c": "\"[,"}]}"#;
        assert_eq!(check_json(text), Ok(()));
    }

    #[test]
    fn a_file_past_the_bound_is_refused_naming_it() {
        let dir = tempfile::tempdir().expect("tmp");
        let big = dir.path().join("big.csv");
        let file = std::fs::File::create(&big).expect("create");
        file.set_len(MAX_FILE_BYTES + 1).expect("sparse file");
        let refused = read_regular_file(&big).expect_err("refused");
        assert!(refused.to_string().contains("bound: file size"), "{refused}");
    }

    #[test]
    fn a_zip_bomb_is_refused_by_what_it_decompresses_to() {
        use std::io::Write;
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).expect("part");
        let block = vec![b' '; 1 << 20];
        for _ in 0..=(MAX_UNZIPPED_BYTES / (1 << 20)) {
            zip.write_all(&block).expect("write");
        }
        zip.finish().expect("finish");
        let bytes = out.into_inner();
        assert!(bytes.len() < 2 * 1024 * 1024, "small on disk: {}", bytes.len());
        let refused = check_unzipped_size(&bytes).expect_err("refused");
        assert!(refused.contains("bound: decompressed size"), "{refused}");
    }
}
