//! This device's settings, each under its own key in the `prefs` store.

use vero_domain::api::Session;
use vero_domain::Lang;
use wasm_bindgen::JsValue;

use super::{from_stored, Store, StoreError, PREFS};

const LANG: &str = "lang";
const SESSION: &str = "session";
const LAST_PATH: &str = "last_path";

/// What the app reads at start: its language, the kept sign-in, the last screen.
pub struct StartPrefs {
    pub lang: Option<Lang>,
    pub session: Result<Option<Session>, StoreError>,
    pub last_path: Option<String>,
}

impl Store {
    /// The settings the app starts with, in one read (a cold start waits for each read).
    pub async fn start_prefs(&self) -> Result<StartPrefs, StoreError> {
        let keys = [LANG, SESSION, LAST_PATH].map(str::to_owned);
        let [lang, session, last_path]: [JsValue; 3] = self
            .get_many(PREFS, &keys)
            .await?
            .try_into()
            .map_err(|_| StoreError("prefs: not three values".into()))?;
        Ok(StartPrefs {
            lang: from_stored(lang).ok().flatten(),
            session: from_stored(session),
            last_path: from_stored(last_path).ok().flatten(),
        })
    }

    pub async fn lang(&self) -> Result<Option<Lang>, StoreError> {
        self.get(PREFS, LANG).await
    }

    pub async fn set_lang(&self, lang: Lang) -> Result<(), StoreError> {
        self.put(PREFS, LANG, &lang).await
    }

    /// The signed-in session kept so the app works offline after a restart.
    pub async fn session(&self) -> Result<Option<Session>, StoreError> {
        self.get(PREFS, SESSION).await
    }

    pub async fn set_session(&self, session: Option<&Session>) -> Result<(), StoreError> {
        match session {
            Some(session) => self.put(PREFS, SESSION, session).await,
            None => self.delete(PREFS, SESSION).await,
        }
    }

    /// The screen the person was last on, to reopen it on the next start.
    pub async fn last_path(&self) -> Result<Option<String>, StoreError> {
        self.get(PREFS, LAST_PATH).await
    }

    pub async fn set_last_path(&self, path: &str) -> Result<(), StoreError> {
        self.put(PREFS, LAST_PATH, &path).await
    }
}
