//! The device store, exercised in a real browser's IndexedDB (headless Chromium).
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;
use vero::store::legacy;
use vero::store::sync::{ops_of, outbox_key};
use vero::store::{device, prefs, Op, Store, DB_VERSION, OBSERVATIONS, OUTBOX, STORES};
use vero_domain::api::{School, Session, UserProfile};
use vero_domain::sync::cycle::{conflict_note, Write};
use vero_domain::sync::device::{Device, Synced};
use vero_domain::sync::{HeadView, PushedPatch, RecordView};
use vero_domain::{Lang, Observation, Role, Status};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// Databases older versions of the app left on the device.
mod old_databases;

// Databases as the tests need them, made with the browser's API alone (not the app's).
#[wasm_bindgen(inline_js = r#"
const done = (request, value) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(value === undefined ? request.result : value);
  request.onerror = () => reject(request.error);
});

export function deleteDatabase(name) {
  return done(indexedDB.deleteDatabase(name), null);
}

export async function databaseExists(name) {
  return (await indexedDB.databases()).some((d) => d.name === name);
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

export function clearPrefs() {
  localStorage.clear();
}

export function setRawPref(key, text) {
  localStorage.setItem(key, text);
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = deleteDatabase)]
    fn delete_database(name: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = databaseExists)]
    fn database_exists(name: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = makeDatabase)]
    fn make_database(
        name: &str,
        version: u32,
        stores: &JsValue,
        records: &js_sys::Array,
    ) -> js_sys::Promise;
    #[wasm_bindgen(js_name = clearPrefs)]
    fn clear_prefs();
    #[wasm_bindgen(js_name = setRawPref)]
    fn set_raw_pref(key: &str, text: &str);
}

async fn delete(name: &str) {
    JsFuture::from(delete_database(name))
        .await
        .expect("delete test database");
}

async fn exists(name: &str) -> bool {
    JsFuture::from(database_exists(name))
        .await
        .expect("list databases")
        .as_bool()
        .unwrap()
}

async fn fresh(name: &str) -> Store {
    delete(name).await;
    Store::open(name).await.expect("open test database")
}

/// A fresh account database for `user` (named as the app names it).
async fn fresh_account(user: &str) -> Store {
    delete(&vero::store::account_database(user)).await;
    Store::of_account(user)
        .await
        .expect("open account database")
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
            must_change_password: false,
        },
    }
}

fn sheet(id: &str, updated_at: i64) -> Observation {
    let template = vero_domain::Template::default_template();
    let mut o = Observation::new(id.into(), vero_domain::ObservationKind::Peer, &template, 1);
    o.updated_at = updated_at;
    o.context.teacher = "Anna Bērziņa".into();
    o.ratings
        .insert("B2".into(), vero_domain::Rating::NotObserved);
    o.evidence
        .insert("B2".into(), "Skolēni jautā „kāpēc?”".into());
    o
}

/// A sheet with what JSON text through the browser must carry unchanged: quotes,
/// backslashes, control characters, non-Latin letters, large times.
fn hard_to_carry(id: &str) -> Observation {
    let mut o = sheet(id, 50);
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
    o
}

fn patch(record: &str, seq: u64) -> PushedPatch {
    PushedPatch {
        record: record.into(),
        seq,
        at: 1,
        base: Default::default(),
        set: [("opinion".to_string(), "\"x\"".to_string())].into(),
    }
}

#[wasm_bindgen_test]
async fn a_new_account_database_has_the_current_schema_and_nothing_in_it() {
    let store = fresh_account("test-new").await;
    assert_eq!(store.name(), "vero-test-new");
    assert_eq!(store.version().unwrap(), DB_VERSION);
    let mut names = store.store_names();
    names.sort();
    let mut expected: Vec<String> = STORES.iter().map(|(s, _)| s.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(store.device().await.unwrap(), None);
    assert!(store.observations().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
fn the_devices_preferences_round_trip_and_a_spoiled_one_reads_as_none() {
    clear_prefs();
    assert_eq!(
        prefs::start_prefs(),
        prefs::StartPrefs {
            lang: None,
            last_path: None
        }
    );
    prefs::set_lang(Lang::En);
    prefs::set_last_path("/teacher");
    let kept = prefs::start_prefs();
    assert_eq!(kept.lang, Some(Lang::En));
    assert_eq!(kept.last_path.as_deref(), Some("/teacher"));

    set_raw_pref("vero.lang", "ru");
    assert_eq!(prefs::lang(), None);
    assert_eq!(
        prefs::last_path().as_deref(),
        Some("/teacher"),
        "others untouched"
    );
    clear_prefs();
}

#[wasm_bindgen_test]
async fn the_session_is_kept_in_the_devices_database_until_signed_out() {
    device::set_session(Some(&session())).await.unwrap();
    assert_eq!(device::session().await.unwrap(), Some(session()));
    device::set_session(None).await.unwrap();
    assert_eq!(device::session().await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn committed_values_are_there_when_the_database_is_opened_again() {
    let name = "vero-test-reopen";
    let o = sheet("0190f3a1-2b3c-7fff-bfff-000000000009", 3);
    {
        let store = fresh(name).await;
        store.save_observation(&o).await.unwrap();
        store.close();
    }
    let again = Store::open(name).await.unwrap();
    assert_eq!(again.observation(&o.id).await.unwrap(), Some(o));
}

#[wasm_bindgen_test]
async fn one_accounts_records_are_not_in_anothers_database() {
    let observer = fresh_account("test-apart-1").await;
    let head = fresh_account("test-apart-2").await;
    let o = sheet("0190f3a1-2b3c-7fff-bfff-00000000000b", 3);
    observer.save_observation(&o).await.unwrap();
    assert_eq!(observer.observations().await.unwrap().len(), 1);
    assert!(head.observations().await.unwrap().is_empty());
    assert!(head.dirty().await.unwrap().is_empty());
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
    let junk: BTreeMap<&str, &str> = [("id", "junk"), ("kind", "not a kind")].into();
    store
        .apply(vec![Op::put(OBSERVATIONS, None, &junk).unwrap()])
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

#[wasm_bindgen_test]
async fn saving_a_sheet_marks_it_changed_in_the_same_write() {
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
    assert_eq!(
        store.observation(&o.id).await.unwrap(),
        Some(o.clone()),
        "taking the mark off leaves the sheet as it was"
    );
    // Sync's merged version keeps a mark it finds, and leaves an unmarked sheet so.
    let mut merged = o.clone();
    merged.context.topic = "from the server".into();
    store
        .apply(vec![Op::sheet(&merged).unwrap()])
        .await
        .unwrap();
    assert!(store.dirty().await.unwrap().is_empty());
    store
        .apply(vec![Op::Mark {
            id: o.id.clone(),
            at: 50,
        }])
        .await
        .unwrap();
    merged.context.topic = "again".into();
    store
        .apply(vec![Op::sheet(&merged).unwrap()])
        .await
        .unwrap();
    assert_eq!(store.dirty().await.unwrap(), vec![(o.id.clone(), 50)]);
    assert_eq!(store.observation(&o.id).await.unwrap(), Some(merged));
    // Two rewrites of one sheet in a step would undo each other: refused whole.
    let twice = store
        .apply(vec![
            clean(50),
            Op::Mark {
                id: o.id.clone(),
                at: 60,
            },
        ])
        .await;
    assert!(twice.is_err());
    assert_eq!(store.dirty().await.unwrap(), vec![(o.id.clone(), 50)]);

    // The outbox lists one device's patches in order, whatever their number of digits.
    let ops = [10u64, 2, 1]
        .into_iter()
        .map(|seq| Op::put(OUTBOX, Some(outbox_key("dev", seq)), &patch(&o.id, seq)).unwrap())
        .chain([Op::put(OUTBOX, Some(outbox_key("other", 1)), &patch(&o.id, 1)).unwrap()])
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
async fn a_sync_steps_writes_land_together_and_a_record_gone_leaves_no_trace() {
    let store = fresh("vero-test-cycle-writes").await;
    let o = sheet("0190f3a1-2b3c-7fff-bfff-00000000000c", 5);
    let device = Device::new("dev-cycle".into());
    let synced = Synced {
        id: o.id.clone(),
        ..Synced::default()
    };
    let writes = vec![
        Write::Sheet(Box::new(o.clone())),
        Write::Synced(synced),
        Write::Queue {
            device: device.id.clone(),
            patch: patch(&o.id, 1),
        },
        Write::Device(device.clone()),
    ];
    store.apply(ops_of(writes).unwrap()).await.unwrap();
    assert_eq!(store.device().await.unwrap(), Some(device.clone()));
    assert_eq!(store.outbox(&device.id).await.unwrap().len(), 1);
    assert_eq!(
        store.synced_ids().await.unwrap(),
        std::slice::from_ref(&o.id)
    );

    let done = vec![
        Write::Unqueue {
            device: device.id.clone(),
            seq: 1,
        },
        Write::Gone(o.id.clone()),
    ];
    store.apply(ops_of(done).unwrap()).await.unwrap();
    assert!(store.outbox_all().await.unwrap().is_empty());
    assert_eq!(store.observation(&o.id).await.unwrap(), None);
    assert!(store.synced_ids().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
fn the_browsers_json_writes_fields_exactly_as_the_server_does() {
    use vero::sync::codec::BrowserJson;
    use vero_domain::sync::fields::{observation_from, to_fields, Json};
    let o = hard_to_carry("0190f3a1-2b3c-7fff-bfff-000000000004");
    let server = to_fields::<Json>(&o);
    assert_eq!(to_fields::<BrowserJson>(&o), server);
    let values = server.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let (back, problems) = observation_from::<BrowserJson>(&o.id, "", values);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(to_fields::<Json>(&back), server);
}

#[wasm_bindgen_test]
async fn a_sheet_comes_back_from_the_store_exactly_as_written() {
    use vero_domain::sync::fields::{to_fields, Json};
    let store = fresh("vero-test-json").await;
    let o = hard_to_carry("0190f3a1-2b3c-7fff-bfff-000000000004");
    store.save_observation(&o).await.unwrap();
    let back = store.observation(&o.id).await.unwrap().unwrap();
    assert_eq!(back, o);
    assert_eq!(to_fields::<Json>(&back), to_fields::<Json>(&o));
}

#[wasm_bindgen_test]
async fn a_record_in_conflict_is_noted_for_the_person_to_choose_until_it_is_resolved() {
    use vero::store::conflicts::note_op;
    use vero::sync::codec::BrowserJson;
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
    let note = conflict_note::<BrowserJson>("1", &synced, &o);
    store
        .apply(vec![note_op(&o.id, note.as_ref()).unwrap()])
        .await
        .unwrap();
    let notes = store.conflict_notes().await.unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].record, o.id);
    assert_eq!(notes[0].title, "Anna Bērziņa");
    assert_eq!(notes[0].fields, ["context.goal"]);
    assert_eq!(
        conflict_note::<BrowserJson>("2", &synced, &o),
        None,
        "another account has nothing to choose"
    );

    synced.view = Some(view(vec![head("\"rakstīt\"", 3)]));
    let note = conflict_note::<BrowserJson>("1", &synced, &o);
    store
        .apply(vec![note_op(&o.id, note.as_ref()).unwrap()])
        .await
        .unwrap();
    assert!(store.conflict_notes().await.unwrap().is_empty());
}

// The older app's single database, versions 1 to 4, taken apart.
