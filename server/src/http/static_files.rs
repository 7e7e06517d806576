//! Static files (the compiled bundle, icons, manifest): sent precompressed when the browser
//! accepts it, always revalidated (a stale WASM next to fresh HTML breaks hydration).

use axum::http::{HeaderValue, header};
use std::io::{self, Write};
use std::path::Path;
use std::time::SystemTime;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

/// Writes `<file>.br` (quality 11) and `<file>.gz` beside each compiled asset whose
/// compressed copies are missing or older than it. Runs once at start, off the async
/// threads; until it finishes, responses are compressed on the fly.
pub fn precompress(pkg_dir: &Path) -> io::Result<usize> {
    let mut written = 0;
    for entry in std::fs::read_dir(pkg_dir)?.flatten() {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !matches!(ext, "wasm" | "js" | "css" | "html") {
            continue;
        }
        let modified = entry.metadata()?.modified()?;
        let data = std::fs::read(&path)?;
        let fresh = |suffix: &str| -> bool {
            std::fs::metadata(format!("{}.{suffix}", path.display()))
                .and_then(|m| m.modified())
                .is_ok_and(|t: SystemTime| t >= modified)
        };
        if !fresh("br") {
            let mut out = Vec::with_capacity(data.len() / 3);
            {
                let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
                w.write_all(&data)?;
            }
            write_atomically(&format!("{}.br", path.display()), &out)?;
            written += 1;
        }
        if !fresh("gz") {
            let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            w.write_all(&data)?;
            write_atomically(&format!("{}.gz", path.display()), &w.finish()?)?;
            written += 1;
        }
    }
    Ok(written)
}

/// A reader never sees half a file: write beside it, then rename over.
fn write_atomically(path: &str, bytes: &[u8]) -> io::Result<()> {
    let tmp = format!("{path}.tmp{}", std::process::id());
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

pub fn serve_dir<F>(root: &str, not_found: F) -> SetResponseHeader<ServeDir<F>, HeaderValue> {
    SetResponseHeader::if_not_present(
        ServeDir::new(root).precompressed_br().precompressed_gzip().fallback(not_found),
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precompresses_once_per_build() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("moygaz.wasm"), vec![7u8; 50_000]).unwrap();
        std::fs::write(dir.path().join("notes.txt"), b"skip me").unwrap();
        assert_eq!(precompress(dir.path()).unwrap(), 2);
        let br = std::fs::read(dir.path().join("moygaz.wasm.br")).unwrap();
        assert!(br.len() < 1_000);
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut plain).unwrap();
        assert_eq!(plain, vec![7u8; 50_000]);
        assert!(dir.path().join("moygaz.wasm.gz").exists());
        assert!(!dir.path().join("notes.txt.br").exists());
        assert_eq!(precompress(dir.path()).unwrap(), 0, "fresh copies are kept");
    }
}
