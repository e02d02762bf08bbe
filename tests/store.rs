//! The device store, exercised in a real browser's IndexedDB (headless Chromium).
#![cfg(target_arch = "wasm32")]

use vero::store::{Store, DB_VERSION, PREFS};
use vero_domain::api::{School, Session, UserProfile};
use vero_domain::{Lang, Role};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(name: &str) -> Store {
    rexie::Rexie::delete(name)
        .await
        .expect("delete test database");
    Store::open(name).await.expect("open test database")
}

fn session() -> Session {
    Session {
        token: "0123abcd".into(),
        expires_at: 1_900_000_000,
        user: UserProfile {
            username: "teacher".into(),
            display_name: "Anna Bērziņa".into(),
            role: Role::Teacher,
            school: Some(School {
                id: 1,
                name: "Madonas pilsētas vidusskola".into(),
            }),
        },
    }
}

#[wasm_bindgen_test]
async fn a_new_database_has_the_current_schema_and_no_settings() {
    let store = fresh("vero-test-new").await;
    assert_eq!(store.version().unwrap(), DB_VERSION);
    assert_eq!(store.lang().await.unwrap(), None);
    assert_eq!(store.session().await.unwrap(), None);
    assert_eq!(store.last_path().await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn settings_round_trip() {
    let store = fresh("vero-test-round-trip").await;
    store.set_lang(Lang::En).await.unwrap();
    store.set_session(Some(&session())).await.unwrap();
    store.set_last_path("/teacher").await.unwrap();
    assert_eq!(store.lang().await.unwrap(), Some(Lang::En));
    assert_eq!(store.session().await.unwrap(), Some(session()));
    assert_eq!(
        store.last_path().await.unwrap().as_deref(),
        Some("/teacher")
    );

    store.set_session(None).await.unwrap();
    assert_eq!(store.session().await.unwrap(), None);
    assert_eq!(
        store.lang().await.unwrap(),
        Some(Lang::En),
        "others untouched"
    );
}

#[wasm_bindgen_test]
async fn committed_values_are_there_when_the_database_is_opened_again() {
    let name = "vero-test-reopen";
    {
        let store = fresh(name).await;
        store.set_lang(Lang::En).await.unwrap();
        store.set_session(Some(&session())).await.unwrap();
    }
    let again = Store::open(name).await.unwrap();
    assert_eq!(again.lang().await.unwrap(), Some(Lang::En));
    assert_eq!(again.session().await.unwrap(), Some(session()));
}

#[wasm_bindgen_test]
async fn a_value_of_the_wrong_shape_is_an_error_not_a_crash() {
    let store = fresh("vero-test-shape").await;
    store.put(PREFS, "session", &"not a session").await.unwrap();
    store.put(PREFS, "lang", &"ru").await.unwrap();
    assert!(store.session().await.is_err());
    assert!(store.lang().await.is_err());
    // Still usable afterwards.
    store.set_lang(Lang::Lv).await.unwrap();
    assert_eq!(store.lang().await.unwrap(), Some(Lang::Lv));
}

#[wasm_bindgen_test]
async fn the_shared_handle_is_opened_once() {
    let a = Store::shared().await.unwrap();
    a.set_last_path("/observer").await.unwrap();
    let b = Store::shared().await.unwrap();
    assert_eq!(b.last_path().await.unwrap().as_deref(), Some("/observer"));
}

fn sheet(id: &str, updated_at: i64) -> vero_domain::Observation {
    let template: vero_domain::Template = serde_wasm_bindgen::from_value(
        js_sys::JSON::parse(vero_domain::template::DEFAULT_TEMPLATE_JSON).unwrap(),
    )
    .unwrap();
    let mut o =
        vero_domain::Observation::new(id.into(), vero_domain::ObservationKind::Peer, &template, 1);
    o.updated_at = updated_at;
    o.context.teacher = "Anna Bērziņa".into();
    o.ratings
        .insert("B2".into(), vero_domain::Rating::NotObserved);
    o.evidence
        .insert("B2".into(), "Skolēni jautā „kāpēc?”".into());
    o
}

#[wasm_bindgen_test]
async fn a_version_1_database_upgrades_with_every_record_intact() {
    use rexie::{ObjectStore, Rexie, TransactionMode};
    let name = "vero-test-migrate";
    Rexie::delete(name).await.unwrap();
    // Exactly what schema version 1 shipped: one `prefs` store of JSON-shaped values.
    let v1 = Rexie::builder(name)
        .version(1)
        .add_object_store(ObjectStore::new("prefs"))
        .build()
        .await
        .unwrap();
    let json = serde_wasm_bindgen::Serializer::json_compatible();
    let tx = v1
        .transaction(&["prefs"], TransactionMode::ReadWrite)
        .unwrap();
    let prefs = &tx.store("prefs").unwrap();
    let put = |key: &str, value: wasm_bindgen::JsValue| {
        let key = wasm_bindgen::JsValue::from_str(key);
        async move { prefs.put(&value, Some(&key)).await.unwrap() }
    };
    put(
        "lang",
        serde::Serialize::serialize(&Lang::En, &json).unwrap(),
    )
    .await;
    put(
        "session",
        serde::Serialize::serialize(&session(), &json).unwrap(),
    )
    .await;
    put("last_path", wasm_bindgen::JsValue::from_str("/teacher")).await;
    tx.done().await.unwrap();
    v1.close();

    let store = Store::open(name).await.unwrap();
    assert_eq!(store.version().unwrap(), DB_VERSION);
    assert_eq!(store.lang().await.unwrap(), Some(Lang::En));
    assert_eq!(store.session().await.unwrap(), Some(session()));
    assert_eq!(
        store.last_path().await.unwrap().as_deref(),
        Some("/teacher")
    );
    // The store added in version 2 works.
    store
        .save_observation(&sheet("0190f3a1-2b3c-7fff-bfff-000000000001", 5))
        .await
        .unwrap();
    assert_eq!(store.observations().await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn sheets_round_trip_newest_first_and_bad_records_are_skipped() {
    let store = fresh("vero-test-sheets").await;
    let older = sheet("0190f3a1-2b3c-7fff-bfff-000000000001", 10);
    let mut newer = sheet("0190f3a1-2b3c-7fff-bfff-000000000002", 20);
    newer.deleted_at = Some(21);
    store.save_observation(&older).await.unwrap();
    store.save_observation(&newer).await.unwrap();
    // A record this app cannot read (e.g. written by a newer app) hides nothing else.
    store
        .put_record(vero::store::OBSERVATIONS, &serde_json_like_junk())
        .await
        .unwrap();
    assert_eq!(
        store.observation(&older.id).await.unwrap(),
        Some(older.clone())
    );
    let list = store.observations().await.unwrap();
    assert_eq!(list, vec![newer.clone(), older.clone()]);

    // Saving again replaces, never duplicates.
    let mut edited = older.clone();
    edited.context.class = "7.b".into();
    edited.updated_at = 30;
    store.save_observation(&edited).await.unwrap();
    let list = store.observations().await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0], edited);
}

/// An object with the key path but not an Observation's shape.
fn serde_json_like_junk() -> std::collections::BTreeMap<&'static str, &'static str> {
    [("id", "junk"), ("kind", "not a kind")]
        .into_iter()
        .collect()
}
