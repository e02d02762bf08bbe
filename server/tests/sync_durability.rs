//! An acknowledged push survives `kill -9` of the real server binary, and every
//! connection of the storage commits with synchronous=FULL, so it survives a power cut.

mod support {
    pub mod http;
    pub mod server;
}
mod common;
mod sync_support;

use std::time::Duration;
use support::server::{login, Server};
use vero_domain::sync::SyncResponse;
use vero_server::storage::SqliteStorage;

/// NORMAL in WAL mode syncs only at checkpoints: a commit acknowledged to a device could
/// be lost with the power. Every connection must be FULL (2), the checkpointer's too.
#[test]
fn every_connection_syncs_each_commit_to_disk() {
    let dir = tempfile::tempdir().unwrap();
    let storage = SqliteStorage::open(dir.path()).unwrap();
    let levels = storage.synchronous().unwrap();
    let names: Vec<&str> = levels.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["writer", "checkpointer"]);
    for (name, level) in levels {
        assert_eq!(level, 2, "the {name}'s connection is not synchronous=FULL");
    }
    drop(storage);
    // Reopened, as after a restart: the setting is the connection's, never the file's.
    let storage = SqliteStorage::open(dir.path()).unwrap();
    assert!(storage.synchronous().unwrap().iter().all(|(_, l)| *l == 2));
}

async fn sync(address: &str, token: &str, body: &serde_json::Value) -> SyncResponse {
    let body = body.to_string();
    let answer = support::http::request(
        address,
        "POST",
        "/api/sync",
        Some(token),
        body.as_bytes(),
        Duration::from_secs(10),
    )
    .await
    .expect("the server answers");
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    serde_json::from_slice(&answer.body).unwrap()
}

#[tokio::test]
async fn an_acknowledged_push_survives_kill_9() {
    use serde_json::json;
    let dir = tempfile::tempdir().unwrap();
    let binary = env!("CARGO_BIN_EXE_vero-server");
    let record = sync_support::rid(14);
    let (server, address) = Server::start(binary, dir.path());
    let token = login(&address, "observer").await.token;
    let push = sync_support::patch(
        &record,
        1,
        &[],
        &[
            ("context.topic", json!("Pēc avārijas")),
            ("rating.B2", json!(4)),
        ],
    );
    let answer = sync(
        &address,
        &token,
        &json!({"device": "tablet-0014", "push": [push]}),
    )
    .await;
    assert_eq!(answer.acked, [1]);
    server.kill_hook()(); // SIGKILL: no shutdown, no flush

    let address = server.restart();
    let token = login(&address, "observer").await.token;
    let answer = sync(&address, &token, &json!({"device": "tablet-0014"})).await;
    assert_eq!(answer.records.len(), 1);
    let view = &answer.records[0];
    assert_eq!(view.id, record);
    assert_eq!(view.fields["context.topic"][0].value, "\"Pēc avārijas\"");
    assert_eq!(view.fields["rating.B2"][0].value, "4");
    assert_eq!(
        view.version.iter().collect::<Vec<_>>(),
        [("tablet-0014", 1)]
    );
}
