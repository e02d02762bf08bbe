//! Serving the built app: types, compression, caching, deep links.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{TestServer, JS, WASM};

async fn get_with(server: &TestServer, path: &str, headers: &[(&str, &str)]) -> common::Reply {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    server.send(request.body(Body::empty()).unwrap()).await
}

fn decompress_br(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &body[..], &mut out).unwrap();
    out
}

#[tokio::test]
async fn wasm_is_served_as_wasm_compressed_and_immutable() {
    let server = TestServer::start();
    let raw = std::fs::read(server.dir.path().join("dist").join(WASM)).unwrap();

    let br = get_with(
        &server,
        &format!("/{WASM}"),
        &[("accept-encoding", "gzip, br")],
    )
    .await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.header("content-type"), Some("application/wasm"));
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(
        br.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(br.header("vary"), Some("Accept-Encoding"));
    assert!(br.body.len() < raw.len() / 4);
    assert_eq!(decompress_br(&br.body), raw);

    let gz = get_with(&server, &format!("/{WASM}"), &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    let plain = get_with(&server, &format!("/{WASM}"), &[]).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.body, raw);
}

#[tokio::test]
async fn javascript_has_a_javascript_type() {
    let server = TestServer::start();
    let js = server.get(&format!("/{JS}")).await;
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(js.header("x-content-type-options"), Some("nosniff"));
}

#[tokio::test]
async fn the_page_is_revalidated_and_deep_links_get_the_app() {
    let server = TestServer::start();
    let index = server.get("/").await;
    assert_eq!(index.status, StatusCode::OK);
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    assert!(index.text().contains(JS));
    for deep in [
        "/teacher",
        "/observer/",
        "/sheet/0190f3a1-aaaa",
        "/management?x=1",
    ] {
        let reply = server.get(deep).await;
        assert_eq!(reply.status, StatusCode::OK, "{deep}");
        assert_eq!(reply.body, index.body, "{deep}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
    }
}

#[tokio::test]
async fn a_missing_file_is_404_not_the_app() {
    let server = TestServer::start();
    server
        .get("/vero-ffffffffffffffff.js")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    server
        .get("/icons/missing.png")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn an_unchanged_file_answers_304() {
    let server = TestServer::start();
    let first = get_with(&server, "/", &[("accept-encoding", "br")]).await;
    let etag = first.header("etag").unwrap().to_owned();
    let again = get_with(
        &server,
        "/",
        &[("accept-encoding", "br"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    // The same tag does not match another encoding's bytes.
    let plain = get_with(&server, "/", &[("if-none-match", &etag)]).await;
    assert_eq!(plain.status, StatusCode::OK);
}

#[tokio::test]
async fn small_files_are_sent_as_they_are() {
    let server = TestServer::start();
    let icon = get_with(&server, "/icons/icon-192.png", &[("accept-encoding", "br")]).await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.header("content-type"), Some("image/png"));
    assert_eq!(icon.header("content-encoding"), None);
    assert_eq!(icon.header("cache-control"), Some("no-cache"));
}

#[tokio::test]
async fn without_a_built_app_the_api_still_works_and_pages_say_why() {
    let server = TestServer::with_app(false);
    assert_eq!(server.get("/api/health").await.status, StatusCode::OK);
    server
        .get("/")
        .await
        .assert_error(StatusCode::SERVICE_UNAVAILABLE, "app_not_built");
}

#[tokio::test]
async fn compressed_forms_are_cached_between_starts() {
    let server = TestServer::start();
    let cache = server.dir.path().join("cache");
    let cached = std::fs::read_dir(&cache).unwrap().count();
    assert!(cached >= 4, "wasm, js and index in br and gz: {cached}");
    let stale = cache.join(format!("{}.br", "0".repeat(64)));
    std::fs::write(&stale, b"from an older build").unwrap();
    let server = server.restart();
    assert!(
        !stale.exists(),
        "forms of files no longer built are dropped"
    );
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), cached);
    let br = get_with(&server, &format!("/{WASM}"), &[("accept-encoding", "br")]).await;
    assert_eq!(br.header("content-encoding"), Some("br"));
}
