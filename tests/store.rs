//! The device store, exercised in a real browser's IndexedDB (headless Chromium).
#![cfg(target_arch = "wasm32")]

use vero::store::{early_database, Store, DB_NAME, DB_VERSION, PREFS};
use vero_domain::api::{School, Session, UserProfile};
use vero_domain::{Lang, Role};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// Databases as the tests need them, made with the browser's API alone (not the app's).
#[wasm_bindgen(inline_js = r#"
const done = (request, value) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(value === undefined ? request.result : value);
  request.onerror = () => reject(request.error);
});

export function deleteDatabase(name) {
  return done(indexedDB.deleteDatabase(name), null);
}

// A database as an older app left it: `stores` maps each store to its key path (null:
// none); `records` holds [store, key or undefined, value].
export async function makeDatabase(name, version, stores, records) {
  const open = indexedDB.open(name, version);
  open.onupgradeneeded = () => {
    for (const [store, keyPath] of Object.entries(stores)) {
      open.result.createObjectStore(store, keyPath ? { keyPath } : undefined);
    }
  };
  const db = await done(open);
  const tx = db.transaction(Object.keys(stores), 'readwrite');
  for (const [store, key, value] of records) {
    if (key === undefined) tx.objectStore(store).put(value); else tx.objectStore(store).put(value, key);
  }
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onabort = () => reject(tx.error); });
  db.close();
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = deleteDatabase)]
    fn delete_database(name: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = makeDatabase)]
    fn make_database(
        name: &str,
        version: u32,
        stores: &JsValue,
        records: &js_sys::Array,
    ) -> js_sys::Promise;
}

async fn delete(name: &str) {
    JsFuture::from(delete_database(name))
        .await
        .expect("delete test database");
}

async fn fresh(name: &str) -> Store {
    delete(name).await;
    Store::open(name).await.expect("open test database")
}

/// Makes the database `name` at `version` with these stores (name, key path) and records
/// (store, key unless in the value, value).
async fn old_database(
    name: &str,
    version: u32,
    stores: &[(&str, Option<&str>)],
    records: Vec<(&str, Option<&str>, JsValue)>,
) {
    delete(name).await;
    let schema = js_sys::Object::new();
    for (store, key_path) in stores {
        let key_path = key_path.map_or(JsValue::NULL, JsValue::from_str);
        js_sys::Reflect::set(&schema, &JsValue::from_str(store), &key_path).unwrap();
    }
    let list = js_sys::Array::new();
    for (store, key, value) in records {
        let key = key.map_or(JsValue::UNDEFINED, JsValue::from_str);
        list.push(&js_sys::Array::of3(&JsValue::from_str(store), &key, &value));
    }
    JsFuture::from(make_database(name, version, &schema, &list))
        .await
        .expect("make old database");
}

fn json_like<T: serde::Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

fn session() -> Session {
    Session {
        token: "0123abcd".into(),
        expires_at: 1_900_000_000,
        user: UserProfile {
            id: "2".into(),
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
async fn the_start_settings_come_in_one_read_each_on_its_own() {
    let store = fresh("vero-test-start-prefs").await;
    let empty = store.start_prefs().await.unwrap();
    assert_eq!(
        (empty.lang, empty.session.unwrap(), empty.last_path),
        (None, None, None)
    );
    store.set_lang(Lang::En).await.unwrap();
    store.set_session(Some(&session())).await.unwrap();
    store.set_last_path("/teacher").await.unwrap();
    let all = store.start_prefs().await.unwrap();
    assert_eq!(all.lang, Some(Lang::En));
    assert_eq!(all.session.unwrap(), Some(session()));
    assert_eq!(all.last_path.as_deref(), Some("/teacher"));
    // One unreadable value spoils none of the others.
    store.put(PREFS, "session", &"not a session").await.unwrap();
    let spoiled = store.start_prefs().await.unwrap();
    assert!(spoiled.session.is_err());
    assert_eq!(spoiled.lang, Some(Lang::En));
    assert_eq!(spoiled.last_path.as_deref(), Some("/teacher"));
}

#[wasm_bindgen_test]
async fn the_database_opened_while_the_app_loads_is_the_apps_own() {
    assert_eq!(early_database(), (DB_NAME.to_owned(), DB_VERSION));
    let store = Store::shared().await.unwrap();
    assert_eq!(store.version().unwrap(), DB_VERSION);
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
    let template = vero_domain::Template::default_template();
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
    let name = "vero-test-migrate";
    // Exactly what schema version 1 shipped: one `prefs` store of JSON-shaped values.
    old_database(
        name,
        1,
        &[("prefs", None)],
        vec![
            ("prefs", Some("lang"), json_like(&Lang::En)),
            ("prefs", Some("session"), json_like(&session())),
            ("prefs", Some("last_path"), JsValue::from_str("/teacher")),
        ],
    )
    .await;

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

#[wasm_bindgen_test]
async fn a_version_2_database_upgrades_with_its_sheets_intact_and_sync_stores_added() {
    let name = "vero-test-migrate-2";
    let old = sheet("0190f3a1-2b3c-7fff-bfff-00000000000a", 7);
    old_database(
        name,
        2,
        &[("prefs", None), ("observations", Some("id"))],
        vec![("observations", None, json_like(&old))],
    )
    .await;

    let store = Store::open(name).await.unwrap();
    assert_eq!(store.version().unwrap(), DB_VERSION);
    assert_eq!(store.observation(&old.id).await.unwrap(), Some(old));
    assert!(store.outbox_all().await.unwrap().is_empty());
    assert!(store.attention().await.unwrap().is_empty());
    assert!(store.dirty().await.unwrap().is_empty());
    assert!(store.conflict_notes("2").await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn saving_a_sheet_marks_it_changed_in_the_same_write() {
    use vero::store::sync::{outbox_key, put};
    use vero::store::{Op, OUTBOX};
    let store = fresh("vero-test-dirty").await;
    let mut o = sheet("0190f3a1-2b3c-7fff-bfff-000000000003", 40);
    store.save_observation(&o).await.unwrap();
    assert_eq!(store.dirty().await.unwrap(), vec![(o.id.clone(), 40)]);
    // Cleaning with an older time leaves a newer edit marked.
    o.updated_at = 41;
    store.save_observation(&o).await.unwrap();
    let clean = |at| Op::Clean {
        id: o.id.clone(),
        seen_at: at,
    };
    store.apply(vec![clean(40)]).await.unwrap();
    assert_eq!(store.dirty().await.unwrap().len(), 1);
    store.apply(vec![clean(41)]).await.unwrap();
    assert!(store.dirty().await.unwrap().is_empty());

    // The outbox lists one device's patches in order, whatever their number of digits.
    let patch = |seq: u64| vero_domain::sync::PushedPatch {
        record: o.id.clone(),
        seq,
        at: 1,
        base: Default::default(),
        set: [("opinion".to_string(), "\"x\"".to_string())].into(),
    };
    let ops = [10u64, 2, 1]
        .into_iter()
        .map(|seq| put(OUTBOX, Some(outbox_key("dev", seq)), &patch(seq)).unwrap())
        .chain([put(OUTBOX, Some(outbox_key("other", 1)), &patch(1)).unwrap()])
        .collect();
    store.apply(ops).await.unwrap();
    let seqs: Vec<u64> = store
        .outbox("dev")
        .await
        .unwrap()
        .iter()
        .map(|p| p.seq)
        .collect();
    assert_eq!(seqs, [1, 2, 10]);
    assert_eq!(store.outbox_all().await.unwrap().len(), 4);
}

#[wasm_bindgen_test]
fn the_browsers_json_writes_fields_exactly_as_the_server_does() {
    use vero::sync::codec::BrowserJson;
    use vero_domain::sync::fields::{observation_from, to_fields, Json};
    let mut o = sheet("0190f3a1-2b3c-7fff-bfff-000000000004", 50);
    o.context.goal = "Pēdiņas \" un \\ slīpsvītra,\n jauna rinda,\t tab, \u{1} vadība, 😀".into();
    o.lesson_started_at = Some(1_732_345_678_901);
    o.deleted_at = Some(1_732_345_678_999);
    o.add_note("piezīme", Some("A1"), 1_732_345_679_000);
    o.rate("A1", Some(vero_domain::Rating::Level(4)));
    o.comments.insert(
        "12".into(),
        vero_domain::observation::Comment {
            name: "Mentors".into(),
            text: "Labi".into(),
            at: 3,
        },
    );
    o.context.priorities = vec![vero_domain::Priority::InclusiveEducation];
    let server = to_fields::<Json>(&o);
    assert_eq!(to_fields::<BrowserJson>(&o), server);
    let values = server.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let (back, problems) = observation_from::<BrowserJson>(&o.id, "", values);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(to_fields::<Json>(&back), server);
}

#[wasm_bindgen_test]
async fn a_record_in_conflict_is_noted_for_the_person_to_choose_until_it_is_resolved() {
    use std::collections::BTreeMap;
    use vero::sync::conflicts::note;
    use vero_domain::sync::device::Synced;
    use vero_domain::sync::{HeadView, RecordView};
    let store = fresh("vero-test-conflicts").await;
    let mut o = sheet("0190f3a1-2b3c-7fff-bfff-000000000005", 60);
    o.context.teacher = "Anna Bērziņa".into();
    let head = |value: &str, at| HeadView {
        value: value.into(),
        by: "1".into(),
        at,
    };
    let view = |goal: Vec<HeadView>| RecordView {
        id: o.id.clone(),
        owner: "1".into(),
        version: Default::default(),
        fields: BTreeMap::from([("context.goal".to_string(), goal)]),
    };
    let mut synced = Synced {
        id: o.id.clone(),
        view: Some(view(vec![head("\"lasīt\"", 1), head("\"rakstīt\"", 2)])),
        basis: BTreeMap::new(),
    };
    store
        .apply(vec![note("1", &synced, &o).unwrap()])
        .await
        .unwrap();
    let notes = store.conflict_notes("1").await.unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].record, o.id);
    assert_eq!(notes[0].title, "Anna Bērziņa");
    assert_eq!(notes[0].fields, ["context.goal"]);
    assert!(
        store.conflict_notes("2").await.unwrap().is_empty(),
        "another account on this device has nothing to choose"
    );

    synced.view = Some(view(vec![head("\"rakstīt\"", 3)]));
    store
        .apply(vec![note("1", &synced, &o).unwrap()])
        .await
        .unwrap();
    assert!(store.conflict_notes("1").await.unwrap().is_empty());
}
