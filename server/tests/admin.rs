//! `vero-server admin …` on a real database: the first admin, a people file with bad
//! rows (every one named, nothing imported), the corrected file (a preview, then the
//! import, whose people can sign in), the same file again (nothing changes), and the
//! audit log of it all. The binary itself for the first admin, as a municipality would
//! start.

mod common;

use std::process::{Command, Stdio};
use vero_domain::{Lang, Role};
use vero_server::admin::{run, AdminCommand};
use vero_server::storage::{SqliteStorage, Storage};

const GOOD: &str = "\u{feff}Lietotājvārds;Vārds Uzvārds;Loma;Iestāde\r\n\
    aberzina;Anna Bērziņa;Pedagogs;Madonas pilsētas vidusskola\r\n\
    ikalnina;Ilze Kalniņa;Vērotājs;Madonas pilsētas vidusskola\r\n\
    izarina;Inese Zariņa;Iestādes vadība;Madonas pilsētas vidusskola\r\n\
    rsilina;Rūta Siliņa;Pedagogs;Lubānas vidusskola\r\n\
    dvitola;Dace Vītola;Pašvaldības izglītības speciālists;\r\n";

fn import(dir: &std::path::Path, text: &str, apply: bool) -> Result<String, String> {
    let file = dir.join("people.csv");
    std::fs::write(&file, text).unwrap();
    run(
        &AdminCommand::Import { file, apply },
        &dir.join("data"),
        Lang::Lv,
    )
}

#[test]
fn a_people_file_is_checked_previewed_imported_once_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let bad = GOOD.replace("ikalnina;Ilze Kalniņa", "ikalnina;").replace(
        "rsilina;Rūta Siliņa;Pedagogs",
        "ikalnina;Rūta Siliņa;Skolotāja palīgs",
    );
    let err = import(dir.path(), &bad, true).unwrap_err();
    assert!(err.contains("3. rindā nav vārda un uzvārda"), "{err}");
    assert!(
        err.contains("5. rindā lietotājvārds „ikalnina” jau ir"),
        "{err}"
    );
    assert!(
        err.contains("5. rindā loma „Skolotāja palīgs” nav zināma"),
        "{err}"
    );
    assert!(err.contains("Nekas netika importēts"), "{err}");
    let storage = SqliteStorage::open(&dir.path().join("data")).unwrap();
    assert_eq!(
        storage.user_count().unwrap(),
        0,
        "nothing imported from a file with bad rows"
    );
    drop(storage);

    let preview = import(dir.path(), GOOD, false).unwrap();
    assert!(preview.contains("Jaunas iestādes: 2"), "{preview}");
    assert!(preview.contains("Jauni konti: 5"), "{preview}");
    assert!(preview.contains("--apply"), "{preview}");
    let storage = SqliteStorage::open(&dir.path().join("data")).unwrap();
    assert_eq!(
        storage.user_count().unwrap(),
        0,
        "a preview imports nothing"
    );
    drop(storage);

    let done = import(dir.path(), GOOD, true).unwrap();
    assert!(done.contains("Importēts."), "{done}");
    let password = done
        .lines()
        .find_map(|l| l.strip_prefix("aberzina;"))
        .expect("Anna's first password")
        .to_owned();
    assert_eq!(password.len(), 12);
    let storage = SqliteStorage::open(&dir.path().join("data")).unwrap();
    assert_eq!(storage.user_count().unwrap(), 5);
    let anna = storage.credentials("aberzina").unwrap().unwrap();
    assert_eq!(anna.profile.display_name, "Anna Bērziņa");
    assert_eq!(anna.profile.role, Role::Teacher);
    assert_eq!(
        anna.profile.school.unwrap().name,
        "Madonas pilsētas vidusskola"
    );
    assert!(vero_server::auth::verify_password(
        &password,
        &anna.password_hash
    ));
    let dace = storage.credentials("dvitola").unwrap().unwrap();
    assert_eq!(
        (dace.profile.role, dace.profile.school),
        (Role::Specialist, None)
    );
    drop(storage);

    // The same file again changes nothing.
    let again = import(dir.path(), GOOD, true).unwrap();
    assert!(
        again.contains("Jauni konti: 0") && again.contains("Bez izmaiņām: 5"),
        "{again}"
    );
    assert!(!again.contains("aberzina;"), "no new passwords: {again}");
    let storage = SqliteStorage::open(&dir.path().join("data")).unwrap();
    assert!(
        storage
            .credentials("aberzina")
            .unwrap()
            .unwrap()
            .password_hash
            == anna.password_hash
    );

    // A change of rights is a change, and audited.
    drop(storage);
    let promoted = GOOD.replace(
        "rsilina;Rūta Siliņa;Pedagogs",
        "rsilina;Rūta Siliņa;Iestādes vadība",
    );
    let changed = import(dir.path(), &promoted, true).unwrap();
    assert!(changed.contains("Mainīti konti: 1"), "{changed}");
    assert!(
        changed.contains(
            "rsilina: Rūta Siliņa · teacher · Lubānas vidusskola → Rūta Siliņa · management"
        ),
        "{changed}"
    );
    let log = run(
        &AdminCommand::Audit {
            find: Some("rsilina".into()),
            limit: 10,
        },
        &dir.path().join("data"),
        Lang::Lv,
    )
    .unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(
        lines[0].contains("command line  account.changed  rsilina"),
        "{log}"
    );
    assert!(lines[1].contains("account.added  rsilina"), "{log}");
    let all = run(
        &AdminCommand::Audit {
            find: None,
            limit: 100,
        },
        &dir.path().join("data"),
        Lang::Lv,
    )
    .unwrap();
    assert_eq!(
        all.lines().count(),
        2 + 5 + 1,
        "two schools, five accounts, one change: {all}"
    );
}

#[test]
fn a_file_saved_in_an_old_excel_encoding_is_named_and_nothing_imported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        b"username;name;role;school\nab;B\xE7rzi\xF2a;teacher;X\n",
    )
    .unwrap();
    let err = run(
        &AdminCommand::Import { file, apply: true },
        &dir.path().join("data"),
        Lang::En,
    )
    .unwrap_err();
    assert!(err.contains("not UTF-8 (from line 2)"), "{err}");
}

#[test]
fn the_first_admin_is_made_from_the_command_line_and_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let made = |username: &str, password: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vero-server"))
            .args([
                "admin",
                "create-admin",
                "--username",
                username,
                "--name",
                "Edgars Kļaviņš",
                "--data",
            ])
            .arg(&data)
            .env_remove("VERO_ADMIN_PASSWORD")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
        child.wait_with_output().unwrap()
    };
    let short = made("eklavins", "īsa");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("vismaz 10 zīmes"));
    let ok = made("eklavins", "garāka parole 2026");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("„eklavins” izveidots"));
    let again = made("eklavins", "garāka parole 2026");
    assert!(String::from_utf8_lossy(&again.stderr).contains("jau ir aizņemts"));
    let storage = SqliteStorage::open(&data).unwrap();
    let admin = storage.credentials("eklavins").unwrap().unwrap();
    assert_eq!(admin.profile.role, Role::Admin);
    assert!(vero_server::auth::verify_password(
        "garāka parole 2026",
        &admin.password_hash
    ));
}

#[tokio::test]
async fn a_reset_password_and_a_deactivated_account_end_their_sessions_and_keep_their_records() {
    let server = common::TestServer::start();
    let data = server.dir.path().join("data");
    let token = server.login("teacher").await;
    assert_eq!(
        server.with_token("GET", "/api/me", &token).await.status,
        axum::http::StatusCode::OK
    );

    let reset = run(
        &AdminCommand::ResetPassword {
            username: "teacher".into(),
        },
        &data,
        Lang::Lv,
    )
    .unwrap();
    let password = reset
        .lines()
        .find_map(|l| l.strip_prefix("teacher;"))
        .unwrap()
        .to_owned();
    assert_eq!(
        server.with_token("GET", "/api/me", &token).await.status,
        axum::http::StatusCode::UNAUTHORIZED,
        "her session ended"
    );
    let refused = server
        .post_json("/api/login", r#"{"username":"teacher","password":"demo"}"#)
        .await;
    assert_eq!(
        refused.status,
        axum::http::StatusCode::UNAUTHORIZED,
        "the old password no longer works"
    );
    let body = format!(r#"{{"username":"teacher","password":"{password}"}}"#);
    let signed = server.post_json("/api/login", &body).await;
    assert_eq!(
        signed.status,
        axum::http::StatusCode::OK,
        "the new one does"
    );
    let token = signed.json()["token"].as_str().unwrap().to_owned();

    let off = run(
        &AdminCommand::Deactivate {
            username: "teacher".into(),
        },
        &data,
        Lang::Lv,
    )
    .unwrap();
    assert!(off.contains("deaktivēts"), "{off}");
    assert_eq!(
        server.with_token("GET", "/api/me", &token).await.status,
        axum::http::StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server.post_json("/api/login", &body).await.status,
        axum::http::StatusCode::UNAUTHORIZED
    );
    // Kept, and out of the directory an observer picks teachers from.
    assert!(server.storage.user_count().unwrap() >= 12);
    let head = server.login("observer").await;
    let people = server.with_token("GET", "/api/people", &head).await.json();
    assert!(people
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["name"] != "Anna Bērziņa"));

    run(
        &AdminCommand::Activate {
            username: "teacher".into(),
        },
        &data,
        Lang::Lv,
    )
    .unwrap();
    assert_eq!(
        server.post_json("/api/login", &body).await.status,
        axum::http::StatusCode::OK
    );
    let log = run(
        &AdminCommand::Audit {
            find: Some("teacher".into()),
            limit: 10,
        },
        &data,
        Lang::Lv,
    )
    .unwrap();
    let actions: Vec<&str> = log.lines().map(|l| l.split("  ").nth(2).unwrap()).collect();
    assert_eq!(
        actions,
        [
            "account.activated",
            "account.deactivated",
            "account.password_reset"
        ]
    );
    assert!(run(
        &AdminCommand::Deactivate {
            username: "nobody".into()
        },
        &data,
        Lang::Lv
    )
    .unwrap_err()
    .contains("Konta „nobody” nav"));
}

#[tokio::test]
async fn a_person_changes_her_password_and_her_other_devices_sign_in_again() {
    use axum::http::StatusCode;
    use common::TestServer;
    let server = TestServer::start();
    let phone = server.login("teacher").await;
    let tablet = server.login("teacher").await;
    let change = |token: &str, current: &str, new: &str| {
        let body = serde_json::json!({ "current": current, "new": new }).to_string();
        server.send(TestServer::authed_post("/api/password", token, body))
    };
    change(&phone, "nepareiza", "jaunā parole 2026")
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    change(&phone, "demo", "īsa")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "bad_request");
    assert_eq!(
        change(&phone, "demo", "jaunā parole 2026").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        server.with_token("GET", "/api/me", &phone).await.status,
        StatusCode::OK,
        "this device goes on"
    );
    assert_eq!(
        server.with_token("GET", "/api/me", &tablet).await.status,
        StatusCode::UNAUTHORIZED,
        "the other signs in again"
    );
    let old = server
        .post_json("/api/login", r#"{"username":"teacher","password":"demo"}"#)
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = server
        .post_json(
            "/api/login",
            r#"{"username":"teacher","password":"jaunā parole 2026"}"#,
        )
        .await;
    assert_eq!(new.status, StatusCode::OK);
    let log = server
        .storage
        .audit_log(Some("password_changed"), 5)
        .unwrap();
    assert_eq!((log.len(), log[0].actor.as_str()), (1, "teacher"));
}
