//! A person's own data (`GET /api/me/export`): what the sync would give them of the
//! records about them and by them, as JSON and as a spreadsheet Excel opens; nobody
//! else's words that they may not see.

mod common;
mod sync_support;

use axum::http::StatusCode;
use common::TestServer;
use serde_json::{json, Value};
use sync_support::{patch, rid, Device};

/// The observer's shared sheet of the teacher's lesson, with a private note and an
/// opinion; the mentor's comment on it; the teacher's reflection. Also the observer's
/// draft of the teacher's next lesson, and a shared sheet of another teacher.
async fn year(server: &TestServer) {
    let teacher_id = server.user_id("teacher");
    let mentor_id = server.user_id("mentor");
    let observer = Device::new(server, "observer", "tablet-export-1").await;
    let about = |n: u64, seq: u64, teacher: &str, status: &str, topic: &str| {
        patch(
            &rid(n),
            seq,
            &[],
            &[
                ("kind", json!("peer")),
                ("status", json!(status)),
                ("created_at", json!(1_760_000_000_000i64)),
                ("context.teacher_id", json!(teacher)),
                ("context.teacher", json!("Anna Bērziņa")),
                ("context.date", json!("2026-10-14")),
                ("context.topic", json!(topic)),
                ("rating.A1", json!(3)),
                (
                    "evidence.A1",
                    json!("Skolēni skaļi pamatoja savu ģeometrisko risinājumu"),
                ),
                ("private_note", json!("SLEPENA piezīme tikai vērotājai")),
                ("opinion", json!("Atzinums: stunda mērķtiecīga")),
            ],
        )
    };
    let answer = observer
        .push(vec![
            about(1, 1, &teacher_id, "shared", "Trīsstūru līdzība"),
            about(2, 2, &teacher_id, "draft", "MELNRAKSTS nākamajai stundai"),
            about(3, 3, &server.user_id("teacher2"), "shared", "CITS pedagogs"),
        ])
        .await;
    assert_eq!(answer.acked, [1, 2, 3], "{:?}", answer.rejected);
    let comment =
        json!({"name": "Jānis Ozols", "text": "Ļoti labs jautājums par līdzību", "at": 5});
    let mentor = Device::new(server, "mentor", "phone-export-2").await;
    let answer = mentor
        .push(vec![patch(
            &rid(1),
            1,
            &[],
            &[(&format!("comment.{mentor_id}"), comment)],
        )])
        .await;
    assert_eq!(answer.acked, [1], "{:?}", answer.rejected);
    let teacher = Device::new(server, "teacher", "phone-export-3").await;
    let answer = teacher
        .push(vec![patch(
            &rid(1),
            1,
            &[],
            &[
                (
                    "reflection",
                    json!("Mana pašrefleksija: nākamreiz vairāk darba pāros"),
                ),
                ("self_rating.A1", json!(2)),
            ],
        )])
        .await;
    assert_eq!(answer.acked, [1], "{:?}", answer.rejected);
}

async fn export(server: &TestServer, username: &str, format: &str) -> common::Reply {
    let token = server.login(username).await;
    server
        .with_token("GET", &format!("/api/me/export?format={format}"), &token)
        .await
}

#[tokio::test]
async fn a_teachers_json_holds_what_she_may_see_of_her_lessons_and_nothing_else() {
    let server = TestServer::start();
    year(&server).await;
    let reply = export(&server, "teacher", "json").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let disposition = reply.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"vero-teacher-")
            && disposition.ends_with(".json\""),
        "{disposition}"
    );
    let doc: Value = reply.json();
    assert_eq!(doc["format"], "vero-export/1");
    assert_eq!(doc["account"]["username"], "teacher");
    assert_eq!(doc["account"]["display_name"], "Anna Bērziņa");
    assert_eq!(doc["mentoring"][0]["mentor"]["name"], "Jānis Ozols");
    let of_me = doc["observations_of_me"].as_array().unwrap();
    assert_eq!(
        of_me.len(),
        1,
        "her shared sheet only, not the draft: {doc:#}"
    );
    let sheet = &of_me[0];
    assert_eq!(sheet["id"], rid(1));
    assert_eq!(sheet["context"]["topic"], "Trīsstūru līdzība");
    assert_eq!(sheet["ratings"]["A1"], 3);
    assert_eq!(sheet["opinion"], "Atzinums: stunda mērķtiecīga");
    assert_eq!(
        sheet["reflection"],
        "Mana pašrefleksija: nākamreiz vairāk darba pāros"
    );
    assert_eq!(sheet["self_ratings"]["A1"], 2);
    let mentor_id = server.user_id("mentor");
    assert_eq!(
        sheet["comments"][&mentor_id]["text"],
        "Ļoti labs jautājums par līdzību"
    );
    assert_eq!(doc["my_answers"][0]["reflection"], sheet["reflection"]);
    assert_eq!(doc["observations_by_me"], json!([]));
    let text = reply.text();
    for hidden in ["SLEPENA", "MELNRAKSTS", "CITS pedagogs"] {
        assert!(!text.contains(hidden), "{hidden} leaked into {text}");
    }
    // Written to the audit log under her name.
    let log: i64 = server
        .db()
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE action = 'data.exported' AND actor = 'teacher'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(log, 1);
}

#[tokio::test]
async fn the_observers_export_has_her_own_sheets_with_her_private_note_and_a_mentor_sees_no_mentees_sheets(
) {
    let server = TestServer::start();
    year(&server).await;
    let doc = export(&server, "observer", "json").await.json();
    let by_me = doc["observations_by_me"].as_array().unwrap();
    assert_eq!(by_me.len(), 3, "her drafts too: they are hers");
    assert_eq!(by_me[0]["private_note"], "SLEPENA piezīme tikai vērotājai");
    assert_eq!(doc["observations_of_me"], json!([]));
    // The mentor sees the teacher's sheet in the sync, but it is not about the mentor.
    let doc = export(&server, "mentor", "json").await.json();
    assert_eq!(doc["observations_of_me"], json!([]));
    assert_eq!(doc["observations_by_me"], json!([]));
    assert_eq!(doc["mentoring"][0]["mentee"]["name"], "Anna Bērziņa");
}

#[tokio::test]
async fn the_csv_opens_in_excel_with_latvian_letters_and_one_row_per_sheet() {
    let server = TestServer::start();
    year(&server).await;
    let reply = export(&server, "teacher", "csv").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert!(reply
        .header("content-disposition")
        .unwrap()
        .ends_with(".csv\""));
    assert!(
        reply.body.starts_with(b"\xEF\xBB\xBF"),
        "a byte order mark for Excel"
    );
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&reply.body[3..]);
    let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_owned).collect();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{:?}", rows);
    let cell = |name: &str| {
        let at = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"));
        rows[0][at].to_owned()
    };
    assert_eq!(cell("Temats"), "Trīsstūru līdzība");
    assert_eq!(
        cell("Pašrefleksija"),
        "Mana pašrefleksija: nākamreiz vairāk darba pāros"
    );
    assert_eq!(cell("A1 vērtējums"), "3");
    assert_eq!(cell("A1 pašvērtējums"), "2");
    assert_eq!(cell("Atzinums"), "Atzinums: stunda mērķtiecīga");
    assert!(cell("Komentāri").contains("Jānis Ozols: Ļoti labs jautājums"));
    assert!(!reply.text().contains("SLEPENA"));
    // English headings when asked.
    let token = server.login("teacher").await;
    let en = server
        .with_token("GET", "/api/me/export?format=csv&lang=en", &token)
        .await;
    assert!(en.text().contains("Reflection"));
}

#[tokio::test]
async fn an_export_needs_a_sign_in_and_a_known_format() {
    let server = TestServer::start();
    let reply = server.get("/api/me/export?format=json").await;
    reply.assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    let token = server.login("teacher").await;
    for query in ["format=pdf", "", "format=csv&lang=de"] {
        let reply = server
            .with_token("GET", &format!("/api/me/export?{query}"), &token)
            .await;
        reply.assert_error(StatusCode::BAD_REQUEST, "bad_request");
    }
}
