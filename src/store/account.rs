//! The signed-in account's database: opened when the person signs in (or the app starts
//! signed in), after `legacy` has moved in anything an older app kept for them, and
//! closed when they sign out. Screens reach the database only through this, so nothing
//! of another account's is ever read on a shared tablet.

use leptos::prelude::*;

use super::{legacy, Store, StoreError};

#[derive(Clone, Copy)]
pub struct AccountStore {
    open: StoredValue<Option<(String, Store)>, LocalStorage>,
    /// The account whose database is open; screens wait for it.
    pub ready: RwSignal<Option<String>>,
}

impl AccountStore {
    pub fn provide() -> AccountStore {
        let account = AccountStore {
            open: StoredValue::new_local(None),
            ready: RwSignal::new(None),
        };
        provide_context(account);
        account
    }

    /// The open database, if it is this account's.
    pub fn of(&self, user_id: &str) -> Option<Store> {
        self.open
            .try_with_value(|o| {
                o.as_ref()
                    .filter(|(u, _)| u == user_id)
                    .map(|(_, s)| s.clone())
            })
            .flatten()
    }

    /// The open database of whoever is signed in.
    pub fn get(&self) -> Option<Store> {
        self.open
            .try_with_value(|o| o.as_ref().map(|(_, s)| s.clone()))
            .flatten()
    }

    /// Opens `user_id`'s database (moving in what an older app kept for them first).
    pub async fn open(&self, user_id: &str) -> Result<Store, StoreError> {
        if let Some(store) = self.of(user_id) {
            return Ok(store);
        }
        legacy::move_account(legacy::DB_NAME, user_id).await?;
        let store = Store::of_account(user_id).await?;
        // Before any screen shows a sheet: each is shown with its own version.
        if let Ok(versions) = store.templates().await {
            crate::template::keep(versions);
        }
        if let Some((_, older)) = self.open.try_update_value(|o| o.take()).flatten() {
            older.close();
        }
        self.open
            .set_value(Some((user_id.to_owned(), store.clone())));
        let _ = self.ready.try_set(Some(user_id.to_owned()));
        Ok(store)
    }

    /// Signed out: nothing of this account is read or written any more from this page.
    pub fn close(&self) {
        if let Some((_, store)) = self.open.try_update_value(|o| o.take()).flatten() {
            store.close();
        }
        let _ = self.ready.try_set(None);
    }
}

pub fn use_account_store() -> AccountStore {
    expect_context::<AccountStore>()
}
