//! No request, however odd, makes the server answer 5xx or panic.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::TestServer;

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }

    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = (self.next() as usize) % (max + 1);
        (0..len).map(|_| self.next() as u8).collect()
    }
}

const PATHS: &[&str] = &[
    "/api/login",
    "/api/logout",
    "/api/me",
    "/api/health",
    "/api/",
    "/api",
    "/api/login/x",
    "/",
    "/index.html",
    "/teacher",
    "/a/b/c",
    "/%00",
    "/..%2f..%2fetc%2fpasswd",
    "/x.wasm",
    "/api/%ff",
    "//api//login",
    "/icons/",
    "/icons/icon-192.png",
];
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
const TYPES: &[&str] = &[
    "application/json",
    "text/plain",
    "",
    "application/json; charset=utf-8",
    "multipart/form-data",
];
const AUTH: &[&str] = &[
    "",
    "Bearer ",
    "Bearer abc",
    "Basic Zm9vOmJhcg==",
    "Bearer \u{1}",
];
const BODIES: &[&str] = &[
    "",
    "{}",
    "null",
    "[]",
    "{\"username\":\"teacher\",\"password\":\"demo\"}",
    "{\"username\":null,\"password\":\"demo\"}",
    "{\"username\":\"\u{0}\",\"password\":\"x\"}",
    "{\"username\":\"teacher\",\"password\":\"demo\"",
    "\"just a string\"",
    "1e999",
];

#[tokio::test]
async fn a_thousand_odd_requests_get_no_5xx() {
    let server = TestServer::start();
    let mut rng = Lcg(0x5eed);
    for round in 0..1000 {
        let mut request = Request::builder()
            .method(rng.pick(METHODS))
            .uri(rng.pick(PATHS));
        let content_type = rng.pick(TYPES);
        if !content_type.is_empty() {
            request = request.header("content-type", content_type);
        }
        let auth = rng.pick(AUTH);
        if !auth.is_empty() {
            if let Ok(value) = axum::http::HeaderValue::from_str(auth) {
                request = request.header("authorization", value);
            }
        }
        let body = if rng.next().is_multiple_of(3) {
            Body::from(rng.bytes(300))
        } else {
            Body::from(rng.pick(BODIES).to_owned())
        };
        let request = request.body(body).unwrap();
        let description = format!("round {round}: {} {}", request.method(), request.uri());
        let reply = server.send(request).await;
        assert!(
            !reply.status.is_server_error(),
            "{description} -> {} {}",
            reply.status,
            reply.text()
        );
        if reply.status.is_client_error() && !reply.body.is_empty() {
            assert_eq!(
                reply.header("content-type"),
                Some("application/json"),
                "{description}"
            );
        }
    }
}
