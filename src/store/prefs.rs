//! This device's settings, each under its own key in the `prefs` store.

use vero_domain::api::Session;
use vero_domain::Lang;

use super::{Store, StoreError, PREFS};

const LANG: &str = "lang";
const SESSION: &str = "session";
const LAST_PATH: &str = "last_path";

impl Store {
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
