//! What the sync tests share: record ids, patches as the app sends them, a device of a
//! signed-in account that syncs against the test server, and who of the demo accounts
//! sees a record.
#![allow(dead_code)] // each sync test file uses a different part

use axum::http::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use vero_domain::sync::{wire, RecordView, SyncResponse};

use crate::common::{Reply, TestServer};

/// Record ids: valid UUIDs that differ by `n`.
pub fn rid(n: u64) -> String {
    format!("0190f3a1-2b3c-7fff-bfff-{n:012x}")
}

/// A pushed patch; `set` values are given as JSON and sent as JSON text.
pub fn patch(record: &str, seq: u64, base: &[(&str, u64)], set: &[(&str, Value)]) -> Value {
    let base: serde_json::Map<String, Value> = base
        .iter()
        .map(|(d, s)| (d.to_string(), json!(s)))
        .collect();
    let set: serde_json::Map<String, Value> = set
        .iter()
        .map(|(p, v)| (p.to_string(), json!(v.to_string())))
        .collect();
    json!({
        "record": record,
        "seq": seq,
        "at": 1_700_000_000_000i64 + seq as i64,
        "base": base,
        "set": set,
    })
}

/// One device of one signed-in account.
pub struct Device<'a> {
    pub server: &'a TestServer,
    pub token: String,
    pub id: String,
}

impl<'a> Device<'a> {
    pub async fn new(server: &'a TestServer, username: &str, id: &str) -> Device<'a> {
        Device {
            server,
            token: server.login(username).await,
            id: id.to_owned(),
        }
    }

    pub async fn send(&self, body: Value) -> Reply {
        self.server.sync(&self.token, &body).await
    }

    pub async fn sync_body(&self, body: Value) -> SyncResponse {
        let reply = self.send(body).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        let response: SyncResponse = serde_json::from_slice(&reply.body).unwrap();
        let header = |name| reply.headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(
            wire::next_from(header(wire::CURSOR_HEADER), header(wire::MORE_HEADER)),
            Some((response.cursor, response.more)),
            "the headers tell the body's cursor and more"
        );
        response
    }

    pub async fn sync(&self, since: u64, push: Vec<Value>) -> SyncResponse {
        self.sync_body(json!({ "device": self.id, "since": since, "push": push }))
            .await
    }

    pub async fn push(&self, push: Vec<Value>) -> SyncResponse {
        self.sync(u64::MAX, push).await
    }

    /// Everything this account sees, pulled from the start page by page.
    pub async fn pull_all(&self) -> BTreeMap<String, RecordView> {
        let mut all = BTreeMap::new();
        let mut since = 0;
        loop {
            let page = self.sync(since, vec![]).await;
            for r in page.records {
                all.insert(r.id.clone(), r);
            }
            since = page.cursor;
            if !page.more {
                return all;
            }
        }
    }

    pub async fn view(&self, record: &str) -> Option<RecordView> {
        self.pull_all().await.remove(record)
    }
}

pub fn count(server: &TestServer, sql: &str) -> i64 {
    server.db().query_row(sql, [], |r| r.get(0)).unwrap()
}

pub fn error_codes(response: &SyncResponse) -> Vec<(u64, &str)> {
    response
        .rejected
        .iter()
        .map(|r| (r.seq, r.error.as_str()))
        .collect()
}

/// Every demo account.
pub const EVERYONE: [&str; 9] = [
    "observer",
    "teacher",
    "teacher2",
    "mentor",
    "consultant",
    "edtech",
    "head",
    "specialist",
    "admin",
];

/// For each account that sees the record, how much: "all" (the private note too),
/// "opinion" (the atzinums, not the private note), "sheet" (neither), "summary" (that
/// it happened: no ratings, no words). Checks that a summary carries nothing more.
pub async fn who_sees(server: &TestServer, record: &str) -> BTreeMap<&'static str, &'static str> {
    let mut seen = BTreeMap::new();
    for user in EVERYONE {
        let device = Device::new(server, user, &format!("viewer-{user}")).await;
        if let Some(view) = device.view(record).await {
            let has = |path: &str| view.fields.contains_key(path);
            let level = if has("private_note") {
                "all"
            } else if has("opinion") {
                "opinion"
            } else if has("rating.A1") {
                "sheet"
            } else {
                let allowed = |path: &str| {
                    path.starts_with("event.")
                        || matches!(
                            path,
                            "kind"
                                | "template"
                                | "status"
                                | "created_at"
                                | "deleted_at"
                                | "context.school"
                                | "context.teacher"
                                | "context.teacher_id"
                                | "context.observer"
                                | "context.date"
                        )
                };
                for path in view.fields.keys() {
                    assert!(allowed(path), "{user} got `{path}` in a summary");
                }
                "summary"
            };
            seen.insert(user, level);
        }
    }
    seen
}
