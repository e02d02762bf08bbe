//! The built app, held in memory with its gzip and brotli forms made once at start.
//!
//! Compressing at start (and caching the results by content hash in the data directory)
//! lets us use brotli's best level, which would be too slow per request.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::Failure;
use crate::AppState;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";
/// Smaller files gain nothing from compression.
const MIN_COMPRESS: usize = 512;

pub struct Asset {
    raw: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    mime: String,
    etag: String,
    cache_control: &'static str,
}

#[derive(Default)]
pub struct Assets {
    files: HashMap<String, Asset>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Assets {
    /// Reads every file under `dist`. `cache` is where compressed forms are kept
    /// between starts; `None` compresses in memory only.
    pub fn load(dist: &Path, cache: Option<&Path>) -> io::Result<Assets> {
        let mut paths = Vec::new();
        collect_files(dist, dist, &mut paths)?;
        if let Some(dir) = cache {
            // Best effort: without a cache we only lose start-up time.
            let _ = std::fs::create_dir_all(dir);
        }
        let loaded: Vec<io::Result<(String, Asset)>> = std::thread::scope(|scope| {
            let workers: Vec<_> = paths
                .into_iter()
                .map(|(key, path)| scope.spawn(move || load_one(key, &path, cache)))
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("asset loader thread"))
                .collect()
        });
        let files = loaded.into_iter().collect::<io::Result<_>>()?;
        if let Some(dir) = cache {
            prune_cache(dir, &files);
        }
        Ok(Assets { files })
    }

    pub fn has_app(&self) -> bool {
        self.files.contains_key("index.html")
    }

    fn get(&self, key: &str) -> Option<&Asset> {
        self.files.get(key)
    }
}

/// Drops compressed forms of files no longer in the app, so rebuilds don't pile up.
fn prune_cache(dir: &Path, files: &HashMap<String, Asset>) {
    let live: HashSet<&str> = files.values().map(|a| a.etag.as_str()).collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.get(..32).is_some_and(|hash| live.contains(hash)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let key = relative.to_string_lossy().replace('\\', "/");
            out.push((key, path));
        }
    }
    Ok(())
}

fn load_one(key: String, path: &Path, cache: Option<&Path>) -> io::Result<(String, Asset)> {
    let raw = Bytes::from(std::fs::read(path)?);
    let hash: String = Sha256::digest(&raw)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mime = mime_for(&key);
    let (gzip, brotli) = if is_compressible(&mime) && raw.len() >= MIN_COMPRESS {
        let cached = |ext: &str, make: fn(&[u8]) -> Vec<u8>| {
            cached_or_make(cache.map(|d| d.join(format!("{hash}.{ext}"))), &raw, make)
        };
        (Some(cached("gz", gzip)), Some(cached("br", brotli)))
    } else {
        (None, None)
    };
    let cache_control = if is_hashed(&key) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let asset = Asset {
        etag: hash[..32].to_owned(),
        raw,
        gzip,
        brotli,
        mime,
        cache_control,
    };
    Ok((key, asset))
}

fn cached_or_make(file: Option<PathBuf>, raw: &[u8], make: fn(&[u8]) -> Vec<u8>) -> Bytes {
    if let Some(bytes) = file.as_ref().and_then(|f| std::fs::read(f).ok()) {
        return Bytes::from(bytes);
    }
    let made = make(raw);
    if let Some(file) = file {
        let _ = std::fs::write(file, &made);
    }
    Bytes::from(made)
}

fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

fn brotli(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params).expect("writing to memory");
    out
}

pub fn mime_for(key: &str) -> String {
    let ext = key.rsplit('.').next().unwrap_or("");
    match ext {
        "wasm" => "application/wasm".into(),
        "webmanifest" => "application/manifest+json".into(),
        "js" | "mjs" => "text/javascript; charset=utf-8".into(),
        "html" => "text/html; charset=utf-8".into(),
        "css" => "text/css; charset=utf-8".into(),
        "json" => "application/json".into(),
        "svg" => "image/svg+xml".into(),
        _ => mime_guess::from_ext(ext)
            .first_or_octet_stream()
            .essence_str()
            .to_owned(),
    }
}

fn is_compressible(mime: &str) -> bool {
    mime.starts_with("text/")
        || mime.starts_with("application/wasm")
        || mime.starts_with("application/json")
        || mime.starts_with("application/manifest+json")
        || mime.starts_with("image/svg+xml")
}

/// Trunk names built files `name-<hash>.ext` (wasm: `name-<hash>_bg.wasm`), the hash a
/// 64-bit number in hex without leading zeros: their content never changes under that
/// name. Fewer than 10 digits is read as an ordinary name (`icon-192.png`); a real hash
/// that short (one in 16 million) is merely revalidated.
pub fn is_hashed(key: &str) -> bool {
    let name = key.rsplit('/').next().unwrap_or(key);
    name.match_indices('-').any(|(i, _)| {
        let rest = &name.as_bytes()[i + 1..];
        let digits = rest.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        (10..=16).contains(&digits) && matches!(rest.get(digits), Some(b'.' | b'_'))
    })
}

/// The best encoding the client accepts: brotli, then gzip. `q=0` refuses one.
pub fn negotiate(accept_encoding: Option<&str>) -> Encoding {
    let mut best = Encoding::Identity;
    for part in accept_encoding.unwrap_or("").split(',') {
        let mut pieces = part.split(';').map(str::trim);
        let name = pieces.next().unwrap_or("").to_ascii_lowercase();
        let refused = pieces.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        match (name.as_str(), refused) {
            ("br", false) => best = Encoding::Brotli,
            ("gzip", false) if best == Encoding::Identity => best = Encoding::Gzip,
            _ => {}
        }
    }
    best
}

/// Everything that is not the API: a file of the app, or the app itself for any
/// extension-less path so deep links survive a reload.
pub async fn serve(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return Failure::not_found("There is no such API endpoint.").into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return Failure::method_not_allowed().into_response();
    }
    let key = path.trim_start_matches('/');
    let is_page = !key.rsplit('/').next().unwrap_or(key).contains('.');
    let found = state
        .assets
        .get(if key.is_empty() { "index.html" } else { key });
    let asset = match found.or_else(|| is_page.then(|| state.assets.get("index.html")).flatten()) {
        Some(asset) => asset,
        None if is_page => {
            return Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "app_not_built",
                "The app has not been built yet: run `bash scripts/run.sh`.",
            )
            .into_response()
        }
        None => return Failure::not_found(format!("No file /{key}.")).into_response(),
    };
    respond(asset, &headers)
}

fn respond(asset: &Asset, headers: &HeaderMap) -> Response {
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok());
    let (body, encoding, suffix) = match (negotiate(accept), &asset.brotli, &asset.gzip) {
        (Encoding::Brotli, Some(br), _) => (br.clone(), Some("br"), "-br"),
        (Encoding::Brotli | Encoding::Gzip, _, Some(gz)) => (gz.clone(), Some("gzip"), "-gz"),
        _ => (asset.raw.clone(), None, ""),
    };
    let etag = format!("\"{}{suffix}\"", asset.etag);
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));

    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(body))
    };
    let h = response.headers_mut();
    h.insert(header::ETAG, value(&etag));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(asset.cache_control),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !not_modified {
        h.insert(header::CONTENT_TYPE, value(&asset.mime));
        if let Some(encoding) = encoding {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
    }
    response
}

fn value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_hashed("vero-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("vero-0123456789abcdef.js"));
        assert!(is_hashed("snippets/x/main-0123456789abcdef.css"));
        assert!(
            is_hashed("vero-e4333a7656f8556_bg.wasm"),
            "15 digits: no zero padding"
        );
        assert!(!is_hashed("icon-maskable-512.png"));
        assert!(!is_hashed("vero-0123456789abcdef0.js"), "more than 64 bits");
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("sw.js"));
        assert!(!is_hashed("icon-192.png"));
        assert!(!is_hashed("vero-0123456789abcdeg.js"));
    }

    #[test]
    fn negotiates_brotli_then_gzip_and_honours_refusals() {
        assert_eq!(negotiate(Some("gzip, deflate, br")), Encoding::Brotli);
        assert_eq!(negotiate(Some("gzip")), Encoding::Gzip);
        assert_eq!(negotiate(Some("br;q=0, gzip")), Encoding::Gzip);
        assert_eq!(negotiate(Some("BR")), Encoding::Brotli);
        assert_eq!(negotiate(Some("identity")), Encoding::Identity);
        assert_eq!(negotiate(None), Encoding::Identity);
    }

    #[test]
    fn compressed_forms_decompress_to_the_original() {
        let raw: Vec<u8> = (0..5000u32).flat_map(|i| (i % 97).to_le_bytes()).collect();
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(&raw)[..], &mut out).unwrap();
        assert_eq!(out, raw);
        let mut out = Vec::new();
        io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzip(&raw)[..]), &mut out)
            .unwrap();
        assert_eq!(out, raw);
    }

    #[test]
    fn knows_the_mime_types_the_app_needs() {
        assert_eq!(mime_for("a_bg.wasm"), "application/wasm");
        assert_eq!(
            mime_for("manifest.webmanifest"),
            "application/manifest+json"
        );
        assert_eq!(mime_for("icons/icon-192.png"), "image/png");
        assert!(mime_for("x.js").starts_with("text/javascript"));
    }
}
