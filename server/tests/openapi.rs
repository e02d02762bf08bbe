//! The API's description, generated from the code, stays true to the router.

mod common;

use axum::http::StatusCode;
use common::TestServer;
use serde_json::Value;

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// The body of `fn api()` in the server's source: the API router.
fn api_source() -> &'static str {
    let source = include_str!("../src/lib.rs");
    let body = source
        .split("fn api() -> OpenApiRouter<AppState> {")
        .nth(1)
        .expect("the API router");
    &body[..body.find("\n}\n").expect("the end of fn api")]
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

/// (path, method) of every operation the document describes.
fn described(doc: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            found.push((path.clone(), method.clone()));
        }
    }
    found
}

async fn served_document(server: &TestServer) -> Value {
    let reply = server.get("/api/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    reply.json()
}

#[tokio::test]
async fn the_served_document_is_the_generated_one_in_openapi_3_1() {
    let server = TestServer::start();
    let doc = served_document(&server).await;
    assert_eq!(doc, vero_server::description());
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(
        !std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/openapi.json")).exists(),
        "no hand-written description beside the generated one"
    );
}

#[tokio::test]
async fn every_routed_path_is_described_and_every_described_one_routed() {
    let server = TestServer::start();
    let doc = served_document(&server).await;
    let operations = described(&doc);

    // Routed through `routes!`, each handler carries its own description; a plain
    // `.route` would serve a path the document does not know.
    let api = api_source();
    assert!(
        !api.contains(".route("),
        "the API router routes something without describing it: {api}"
    );
    let handlers = api.matches("routes!(").count();
    assert!(handlers >= 7, "{api}");
    assert_eq!(operations.len(), handlers, "{operations:?}");

    for (path, method) in &operations {
        assert!(path.starts_with("/api/"), "{path}");
        // Without a token or body: anything but "no such path" or "no such method".
        let request = axum::http::Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(path)
            .body(axum::body::Body::empty())
            .unwrap();
        let status = server.send(request).await.status;
        assert!(
            status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path} is described but answers {status}"
        );
    }
    // A method the document does not give a path is refused there, in JSON.
    for path in doc["paths"].as_object().unwrap().keys() {
        for method in METHODS {
            if operations.iter().any(|(p, m)| p == path && m == method) {
                continue;
            }
            let request = axum::http::Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(path)
                .body(axum::body::Body::empty())
                .unwrap();
            let reply = server.send(request).await;
            reply.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
            let allow = reply.header("allow").unwrap_or_default().to_lowercase();
            for (_, m) in operations.iter().filter(|(p, _)| p == path) {
                assert!(allow.contains(m.as_str()), "{path}: Allow: {allow}");
            }
        }
    }
}

#[tokio::test]
async fn references_resolve_and_failures_are_described_as_api_errors() {
    let server = TestServer::start();
    let doc = served_document(&server).await;

    let mut all = Vec::new();
    refs(&doc, &mut all);
    for r in all {
        let pointer = r.strip_prefix('#').expect("local references only");
        assert!(doc.pointer(pointer).is_some(), "dangling {r}");
    }

    let scheme = &doc["components"]["securitySchemes"]["bearerAuth"];
    assert_eq!(scheme["type"], "http");
    assert_eq!(scheme["scheme"], "bearer");

    let public = ["/api/health", "/api/login", "/api/openapi.json"];
    for (path, method) in described(&doc) {
        let operation = &doc["paths"][&path][&method];
        let secured = operation["security"] == serde_json::json!([{"bearerAuth": []}]);
        assert_eq!(secured, !public.contains(&path.as_str()), "{method} {path}");
        let responses = operation["responses"].as_object().unwrap();
        if secured {
            assert!(responses.contains_key("401"), "{method} {path} lacks 401");
        }
        if operation.get("requestBody").is_some() {
            for status in ["400", "413", "415"] {
                assert!(
                    responses.contains_key(status),
                    "{method} {path} lacks {status}"
                );
            }
        }
        for (status, response) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ApiError",
                    "{method} {path} {status}"
                );
            }
        }
    }
    let sync = &doc["paths"]["/api/sync"]["post"]["responses"];
    for status in ["200", "400", "401", "403", "413", "415", "503"] {
        assert!(sync.get(status).is_some(), "sync lacks {status}");
    }
    let headers = &sync["200"]["headers"];
    assert!(headers.get("vero-cursor").is_some() && headers.get("vero-more").is_some());
}

#[tokio::test]
async fn the_schemas_say_what_the_server_reads() {
    let server = TestServer::start();
    let doc = served_document(&server).await;
    let schemas = &doc["components"]["schemas"];

    let request = &schemas["SyncRequest"];
    assert_eq!(request["additionalProperties"], false);
    assert_eq!(request["required"], serde_json::json!(["device"]));
    assert_eq!(
        request["properties"]["device"]["pattern"],
        "^[A-Za-z0-9_-]{8,64}$"
    );
    let limit = &request["properties"]["limit"];
    assert_eq!(limit["minimum"], 1);
    assert_eq!(limit["maximum"], u32::MAX);
    assert_eq!(request["properties"]["since"]["maximum"], u64::MAX);
    let patch = &schemas["PushedPatch"];
    assert_eq!(patch["additionalProperties"], false);
    assert_eq!(patch["properties"]["seq"]["maximum"], u64::MAX);
    assert_eq!(patch["properties"]["at"]["minimum"], i64::MIN);
    assert_eq!(
        schemas["VersionVector"]["additionalProperties"]["maximum"],
        u64::MAX
    );
    let login = &schemas["LoginRequest"];
    assert_eq!(login["additionalProperties"], false);
    assert_eq!(login["properties"]["username"]["maxLength"], 200);
    let roles = schemas["Role"]["enum"].as_array().unwrap();
    assert_eq!(roles.len(), vero_domain::Role::ALL.len());
}
