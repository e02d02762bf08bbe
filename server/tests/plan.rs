//! The observation plan: who plans which school, who reads which entries, and an entry
//! done once its observer shares a sheet that names it — seen so by management, who
//! may see of that sheet only that it happened.

mod common;
mod sync_support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::TestServer;
use serde_json::{json, Value};
use sync_support::{patch, rid, Device};
use vero_server::storage::Storage;

fn school_of(server: &TestServer, username: &str) -> i64 {
    let found = server.storage.credentials(username).unwrap().unwrap();
    found.profile.school.unwrap().id
}

fn entry(server: &TestServer, observer: &str, teacher: &str, school: &str) -> Value {
    json!({
        "school_id": school_of(server, school),
        "observer_id": server.user_id(observer),
        "teacher_id": server.user_id(teacher),
        "date": "2026-12-10",
        "kind": "peer",
        "goal": "Atgriezeniskā saite stundā",
        "priorities": ["digital_skills"],
    })
}

async fn call(
    server: &TestServer,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> common::Reply {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap();
    server.send(request).await
}

async fn plan_ids(server: &TestServer, token: &str) -> Vec<(String, bool)> {
    let reply = call(server, "GET", "/api/plan", token, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_owned(),
                e["done"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn only_management_of_the_school_and_the_specialist_plan_it() {
    let server = TestServer::start();
    let body = entry(&server, "observer", "teacher", "teacher");
    for username in [
        "observer",
        "teacher",
        "mentor",
        "consultant",
        "edtech",
        "admin",
        "head2",
    ] {
        let token = server.login(username).await;
        call(&server, "POST", "/api/plan", &token, Some(body.clone()))
            .await
            .assert_error(StatusCode::FORBIDDEN, "forbidden");
    }
    let head = server.login("head").await;
    let added = call(&server, "POST", "/api/plan", &head, Some(body.clone())).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text());
    let added = added.json();
    assert_eq!(added["observer"], "Ilze Kalniņa");
    assert_eq!(added["teacher"], "Anna Bērziņa");
    assert_eq!(added["school"], "Madonas pilsētas vidusskola");
    assert_eq!(added["done"], false);
    let id = added["id"].as_str().unwrap().to_owned();

    // The other school's head may neither change nor remove it; the specialist may.
    let head2 = server.login("head2").await;
    let edit = json!({ "date": "2026-12-11", "kind": "open_lesson", "goal": "Cits mērķis", "priorities": [] });
    call(
        &server,
        "PUT",
        &format!("/api/plan/{id}"),
        &head2,
        Some(edit.clone()),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "forbidden");
    call(&server, "DELETE", &format!("/api/plan/{id}"), &head2, None)
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    let specialist = server.login("specialist").await;
    let edited = call(
        &server,
        "PUT",
        &format!("/api/plan/{id}"),
        &specialist,
        Some(edit),
    )
    .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text());
    assert_eq!(edited.json()["kind"], "open_lesson");
    assert_eq!(edited.json()["date"], "2026-12-11");

    // Management plans only its own school, even naming its own teacher's school wrong.
    let mut elsewhere = body.clone();
    elsewhere["school_id"] = json!(school_of(&server, "teacher2"));
    call(&server, "POST", "/api/plan", &head, Some(elsewhere))
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    // The specialist plans any school, but the teacher must work there.
    let lubana = entry(&server, "observer2", "teacher2", "teacher2");
    let reply = call(&server, "POST", "/api/plan", &specialist, Some(lubana)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let mut wrong = entry(&server, "observer2", "teacher", "teacher2");
    wrong["school_id"] = json!(school_of(&server, "teacher2"));
    let reply = call(&server, "POST", "/api/plan", &specialist, Some(wrong)).await;
    reply.assert_error(StatusCode::BAD_REQUEST, "bad_request");
    assert!(
        reply.text().contains("does not work at this school"),
        "{}",
        reply.text()
    );

    // Every change is in the audit log under its author.
    let log = server.storage.audit_log(Some("plan."), 50).unwrap();
    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e.actor.as_str(), e.action.as_str()))
        .collect();
    assert!(actions.contains(&("head", "plan.added")));
    assert!(actions.contains(&("specialist", "plan.changed")));
    assert!(actions.contains(&("specialist", "plan.added")));

    call(&server, "DELETE", &format!("/api/plan/{id}"), &head, None).await;
    assert!(
        server
            .storage
            .audit_log(Some("plan.removed"), 5)
            .unwrap()
            .len()
            == 1
    );
    call(&server, "DELETE", &format!("/api/plan/{id}"), &head, None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn bad_entries_are_refused_with_what_is_wrong() {
    let server = TestServer::start();
    let head = server.login("head").await;
    let mut same = entry(&server, "teacher", "teacher", "teacher");
    same["goal"] = json!("  ");
    same["date"] = json!("2026-13-01");
    let reply = call(&server, "POST", "/api/plan", &head, Some(same)).await;
    reply.assert_error(StatusCode::BAD_REQUEST, "bad_request");
    let text = reply.text();
    assert!(
        text.contains("two people") && text.contains("YYYY-MM-DD") && text.contains("goal"),
        "{text}"
    );
    let mut nobody = entry(&server, "observer", "teacher", "teacher");
    nobody["observer_id"] = json!("999999");
    let reply = call(&server, "POST", "/api/plan", &head, Some(nobody)).await;
    assert!(
        reply.text().contains("Choose the observer"),
        "{}",
        reply.text()
    );
    // A deactivated observer is refused.
    let body = entry(&server, "observer", "teacher", "teacher");
    server.storage.set_active("observer", false, 0).unwrap();
    let reply = call(&server, "POST", "/api/plan", &head, Some(body)).await;
    assert!(reply.text().contains("not active"), "{}", reply.text());
}

#[tokio::test]
async fn each_sees_only_the_entries_they_may_and_done_follows_the_shared_sheet() {
    let server = TestServer::start();
    let head = server.login("head").await;
    let specialist = server.login("specialist").await;
    let add = |body: Value, token: String| {
        let server = &server;
        async move {
            let reply = call(server, "POST", "/api/plan", &token, Some(body)).await;
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
            reply.json()["id"].as_str().unwrap().to_owned()
        }
    };
    let ilze_anna = add(
        entry(&server, "observer", "teacher", "teacher"),
        head.clone(),
    )
    .await;
    let kristine_anna = add(
        entry(&server, "teacher3", "teacher", "teacher"),
        head.clone(),
    )
    .await;
    let lubana = add(
        entry(&server, "observer2", "teacher2", "teacher2"),
        specialist.clone(),
    )
    .await;

    let ids = |list: Vec<(String, bool)>| list.into_iter().map(|(id, _)| id).collect::<Vec<_>>();
    let observer = server.login("observer").await;
    assert_eq!(
        ids(plan_ids(&server, &observer).await),
        std::slice::from_ref(&ilze_anna),
        "the observer: where she observes"
    );
    let teacher = server.login("teacher").await;
    assert_eq!(
        ids(plan_ids(&server, &teacher).await),
        [ilze_anna.clone(), kristine_anna.clone()],
        "the teacher: her lessons"
    );
    let teacher3 = server.login("teacher3").await;
    assert_eq!(
        ids(plan_ids(&server, &teacher3).await),
        std::slice::from_ref(&kristine_anna)
    );
    assert_eq!(
        ids(plan_ids(&server, &head).await),
        [ilze_anna.clone(), kristine_anna.clone()],
        "management: its school"
    );
    let head2 = server.login("head2").await;
    assert_eq!(
        ids(plan_ids(&server, &head2).await),
        std::slice::from_ref(&lubana)
    );
    assert_eq!(
        ids(plan_ids(&server, &specialist).await).len(),
        3,
        "the specialist: all"
    );
    for username in ["mentor", "consultant", "admin", "teacher2"] {
        let token = server.login(username).await;
        let seen = ids(plan_ids(&server, &token).await);
        assert!(
            seen.iter().all(|id| *id == lubana) && (username == "teacher2") != seen.is_empty(),
            "{username}: {seen:?}"
        );
    }

    // Ilze's sheet of the entry, a draft: not done. Shared: done, for management too,
    // who sees of this peer observation only that it happened.
    let device = Device::new(&server, "observer", "tablet-0100").await;
    let id = rid(100);
    let sheet = [
        ("kind", json!("peer")),
        ("context.teacher_id", json!(server.user_id("teacher"))),
        ("context.plan", json!(ilze_anna)),
        ("status", json!("draft")),
    ];
    assert_eq!(
        device.push(vec![patch(&id, 1, &[], &sheet)]).await.acked,
        [1]
    );
    let done_of =
        |list: Vec<(String, bool)>, id: &str| list.into_iter().find(|(e, _)| e == id).unwrap().1;
    assert!(!done_of(plan_ids(&server, &head).await, &ilze_anna));
    let share = patch(
        &id,
        2,
        &[("tablet-0100", 1)],
        &[("status", json!("shared"))],
    );
    assert_eq!(device.push(vec![share]).await.acked, [2]);
    assert!(done_of(plan_ids(&server, &head).await, &ilze_anna));
    assert!(done_of(plan_ids(&server, &teacher).await, &ilze_anna));
    assert!(!done_of(plan_ids(&server, &head).await, &kristine_anna));

    // Another observer's sheet naming an entry does not make it done.
    let other = Device::new(&server, "mentor", "tablet-0101").await;
    let forged = [
        ("kind", json!("peer")),
        ("context.teacher_id", json!(server.user_id("teacher"))),
        ("context.plan", json!(kristine_anna)),
        ("status", json!("shared")),
    ];
    assert_eq!(
        other
            .push(vec![patch(&rid(101), 1, &[], &forged)])
            .await
            .acked,
        [1]
    );
    assert!(!done_of(plan_ids(&server, &head).await, &kristine_anna));
}

#[tokio::test]
async fn the_demo_year_has_a_plan_for_both_schools_partly_done_and_one_overdue() {
    let server = TestServer::start();
    vero_server::demo::year::seed_year(server.storage.as_ref(), common::common_today()).unwrap();
    let specialist = server.login("specialist").await;
    let reply = call(&server, "GET", "/api/plan", &specialist, None).await;
    let list = reply.json();
    let list = list.as_array().unwrap();
    let today = vero_domain::calendar::date_text(common::common_today());
    for school in ["Madonas pilsētas vidusskola", "Lubānas vidusskola"] {
        let of: Vec<&Value> = list.iter().filter(|e| e["school"] == school).collect();
        assert!(of.iter().any(|e| e["done"] == true), "{school}: some done");
        assert!(of.iter().any(|e| e["done"] == false), "{school}: some open");
    }
    let overdue = list
        .iter()
        .filter(|e| e["done"] == false && e["date"].as_str().unwrap() < today.as_str())
        .count();
    assert_eq!(overdue, 1);
}
