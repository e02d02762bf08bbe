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
