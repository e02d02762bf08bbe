//! The hand-written OpenAPI document stays true to the router.

mod common;

use axum::http::StatusCode;
use common::TestServer;
use serde_json::Value;

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// (path, method) of every `.route(...)` in the API router, read from its source.
fn routed() -> Vec<(String, String)> {
    let source = include_str!("../src/lib.rs");
    let api = source
        .split("let api = Router::new()")
        .nth(1)
        .expect("the API router")
        .split(';')
        .next()
        .unwrap();
    let mut found = Vec::new();
    for part in api.split(".route(").skip(1) {
        let path = part.split('"').nth(1).unwrap();
        let method = METHODS
            .iter()
            .filter_map(|m| part.find(&format!("{m}(")).map(|at| (at, *m)))
            .min()
            .expect("a method router")
            .1;
        found.push((format!("/api{path}"), method.to_owned()));
    }
    found
}

fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_is_json_and_describes_every_api_route() {
    let server = TestServer::start();
    let reply = server.get("/api/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let doc = reply.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();

    let routes = routed();
    assert!(routes.len() >= 7, "{routes:?}");
    for (path, method) in &routes {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} is served but not in the document"
        );
    }
    for (path, operations) in paths {
        for method in operations.as_object().unwrap().keys() {
            assert!(
                routes.iter().any(|(p, m)| p == path && m == method),
                "{method} {path} is documented but not routed"
            );
            let request = axum::http::Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(path)
                .body(axum::body::Body::empty())
                .unwrap();
            let status = server.send(request).await.status;
            assert!(
                status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path} -> {status}"
            );
        }
    }

    let mut all = Vec::new();
    refs(&doc, &mut all);
    for r in all {
        let pointer = r.strip_prefix('#').expect("local references only");
        assert!(doc.pointer(pointer).is_some(), "dangling {r}");
    }
    let sync = &doc["paths"]["/api/sync"]["post"]["responses"];
    for status in ["200", "400", "401", "403", "413", "415"] {
        assert!(sync.get(status).is_some(), "sync lacks {status}");
    }
}
