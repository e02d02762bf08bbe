//! Databases older versions of the app left on the device: their settings, sheets and
//! unsent work reach the right account.

use super::*;

const V4_STORES: [(&str, Option<&str>); 7] = [
    ("prefs", None),
    ("observations", Some("id")),
    ("outbox", None),
    ("synced", Some("id")),
    ("attention", Some("record")),
    ("dirty", None),
    ("conflicts", Some("record")),
];

#[wasm_bindgen_test]
async fn a_version_1_database_gives_its_settings_to_the_devices_preferences_and_goes() {
    let name = "old-vero-test-1";
    clear_prefs();
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

    device::set_session(None).await.unwrap();
    legacy::move_settings(name).await.unwrap();
    let kept = prefs::start_prefs();
    assert_eq!(kept.lang, Some(Lang::En));
    assert_eq!(kept.last_path.as_deref(), Some("/teacher"));
    assert_eq!(device::session().await.unwrap(), Some(session()));
    // Settings the device already has are not overwritten by older ones.
    prefs::set_lang(Lang::Lv);
    legacy::move_settings(name).await.unwrap();
    assert_eq!(prefs::lang(), Some(Lang::Lv));

    // Nobody's records were in it: signing in takes it away.
    legacy::move_account(name, "test-legacy-1").await.unwrap();
    assert!(!exists(name).await);
    clear_prefs();
    device::set_session(None).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_version_2_database_gives_its_sheets_to_whoever_signs_in_first() {
    let name = "old-vero-test-2";
    let mine = fresh_account("test-legacy-2").await;
    // Version 2 kept sheets, made before sheets named their author.
    let old = sheet("0190f3a1-2b3c-7fff-bfff-00000000000a", 7);
    old_database(
        name,
        2,
        &[("prefs", None), ("observations", Some("id"))],
        vec![("observations", None, json_like(&old))],
    )
    .await;

    legacy::move_account(name, "test-legacy-2").await.unwrap();
    assert_eq!(mine.observation(&old.id).await.unwrap(), Some(old));
    assert!(mine.outbox_all().await.unwrap().is_empty());
    assert!(!exists(name).await, "nothing is left for anyone else");
}

#[wasm_bindgen_test]
async fn a_version_4_database_is_split_between_its_accounts_and_nothing_unsent_is_lost() {
    let name = "old-vero-test-4";
    let (observer, teacher, other) = ("test-l4-obs", "test-l4-tch", "test-l4-other");
    let mine = fresh_account(observer).await;
    let theirs = fresh_account(other).await;
    let teachers = fresh_account(teacher).await;
    let mut own = sheet("0190f3a1-2b3c-7fff-bfff-000000000041", 10);
    own.author = observer.into();
    own.context.teacher_id = teacher.into();
    own.status = Status::Shared;
    let mut draft = sheet("0190f3a1-2b3c-7fff-bfff-000000000042", 11);
    draft.author = other.into();
    draft.context.teacher_id = teacher.into(); // a draft about the teacher: not theirs to see
    let mut synced_only = sheet("0190f3a1-2b3c-7fff-bfff-000000000043", 12);
    synced_only.author = "someone-else".into();
    let device = Device {
        id: "legacy-dev-obs".into(),
        next_seq: 3,
        cursor: 77,
    };
    let outbox = outbox_key(&device.id, 2);
    old_database(
        name,
        4,
        &V4_STORES,
        vec![
            (
                "prefs",
                Some(&format!("device:{observer}")),
                json_like(&device),
            ),
            ("observations", None, json_like(&own)),
            ("observations", None, json_like(&draft)),
            ("observations", None, json_like(&synced_only)),
            ("outbox", Some(&outbox), json_like(&patch(&own.id, 2))),
            ("dirty", Some(&own.id), JsValue::from_f64(10.0)),
            ("dirty", Some(&draft.id), JsValue::from_f64(11.0)),
            (
                "synced",
                None,
                json_like(&Synced {
                    id: own.id.clone(),
                    ..Synced::default()
                }),
            ),
        ],
    )
    .await;

    // The observer signs in: their sheet, its changed mark, its outbox and their
    // device move; the device pulls from the start again.
    legacy::move_account(name, observer).await.unwrap();
    assert_eq!(mine.observation(&own.id).await.unwrap(), Some(own.clone()));
    assert_eq!(mine.observation(&draft.id).await.unwrap(), None);
    assert_eq!(mine.dirty().await.unwrap(), vec![(own.id.clone(), 10)]);
    assert_eq!(
        mine.outbox(&device.id).await.unwrap(),
        vec![patch(&own.id, 2)]
    );
    assert_eq!(mine.synced_ids().await.unwrap(), [own.id.clone()]);
    let moved = mine.device().await.unwrap().unwrap();
    assert_eq!(
        (moved.id.as_str(), moved.next_seq, moved.cursor),
        ("legacy-dev-obs", 3, 0)
    );
    assert!(
        exists(name).await,
        "another account's unsent draft still waits"
    );

    // The teacher finds nothing of the other account's draft about them.
    legacy::move_account(name, teacher).await.unwrap();
    assert_eq!(teachers.observation(&draft.id).await.unwrap(), None);

    // The draft's author signs in: it is theirs, and the old database is gone.
    legacy::move_account(name, other).await.unwrap();
    assert_eq!(
        theirs.observation(&draft.id).await.unwrap(),
        Some(draft.clone())
    );
    assert_eq!(theirs.dirty().await.unwrap(), vec![(draft.id.clone(), 11)]);
    assert_eq!(theirs.observation(&synced_only.id).await.unwrap(), None);
    assert!(!exists(name).await);
    // Signing in again changes nothing.
    legacy::move_account(name, observer).await.unwrap();
    assert_eq!(mine.observations().await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn an_account_database_of_version_1_moves_its_changed_marks_into_the_sheets() {
    let name = "vero-test-account-v1";
    let changed = sheet("0190f3a1-2b3c-7fff-bfff-0000000000a1", 70);
    let sent = sheet("0190f3a1-2b3c-7fff-bfff-0000000000a2", 71);
    // Version 1 of an account's database: the stores of today, marks in a store of
    // their own (one of them for a sheet that is no longer there).
    old_database(
        name,
        1,
        &[
            ("meta", None),
            ("observations", Some("id")),
            ("outbox", None),
            ("synced", Some("id")),
            ("attention", Some("record")),
            ("dirty", None),
            ("conflicts", Some("record")),
        ],
        vec![
            ("observations", None, json_like(&changed)),
            ("observations", None, json_like(&sent)),
            ("dirty", Some(&changed.id), JsValue::from_f64(70.0)),
            (
                "dirty",
                Some("0190f3a1-2b3c-7fff-bfff-0000000000a3"),
                JsValue::from_f64(5.0),
            ),
        ],
    )
    .await;
    let store = Store::open(name).await.unwrap();
    assert_eq!(store.version().unwrap(), DB_VERSION);
    assert_eq!(store.dirty().await.unwrap(), vec![(changed.id.clone(), 70)]);
    assert_eq!(
        store.count("dirty").await.unwrap(),
        0,
        "the old marks are gone"
    );
    assert_eq!(store.observation(&changed.id).await.unwrap(), Some(changed));
    assert_eq!(store.observation(&sent.id).await.unwrap(), Some(sent));
    store.close();
    // Opened again: nothing moves twice.
    let again = Store::open(name).await.unwrap();
    assert_eq!(again.dirty().await.unwrap().len(), 1);
    again.close();
    delete(name).await;
}
