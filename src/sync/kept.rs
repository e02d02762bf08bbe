//! A list the server gives each account (its directory, its mentoring pairs), kept in
//! the account's database so it is there offline, fetched again after each sync.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::net;
use crate::store::account::AccountStore;
use crate::store::{Store, META};

pub struct Kept<T: Send + Sync + 'static> {
    pub list: RwSignal<Vec<T>>,
    /// Read from the device for this account already.
    loaded: RwSignal<bool>,
    account: AccountStore,
    /// The key in the account's META store.
    key: &'static str,
    path: &'static str,
    /// Counts changes made here from a server's answer: a list fetched before one is
    /// older than it, and is not kept.
    changed: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for Kept<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Kept<T> {}

impl<T> Kept<T>
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    pub fn new(account: AccountStore, key: &'static str, path: &'static str) -> Kept<T> {
        Kept {
            list: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            account,
            key,
            path,
            changed: RwSignal::new(0),
        }
    }

    /// The list as last kept on this device, read once per sign-in.
    pub async fn load(self) {
        if self.loaded.get_untracked() {
            return;
        }
        let Some(store) = self.account.get() else {
            return;
        };
        if let Ok(Some(list)) = store.get::<Vec<T>>(META, self.key).await {
            if !self.loaded.get_untracked() {
                self.set(list);
            }
        }
    }

    /// Fetches the list and keeps it; a failure keeps the old one.
    pub async fn refresh(self, store: &Store, token: &str) {
        let before = self.changed.get_untracked();
        let Ok(list) = net::get_json::<Vec<T>>(self.path, token).await else {
            return;
        };
        if self.changed.try_get_untracked() != Some(before) {
            return;
        }
        // Only while the same account is signed in.
        if self.account.get().map(|s| s.name()) != Some(store.name()) {
            return;
        }
        let _ = store.put(META, self.key, &list).await;
        self.set(list);
    }

    /// Changes the list as an answer of the server says it is now, and keeps it.
    pub async fn change(self, change: impl FnOnce(&mut Vec<T>)) {
        let _ = self.changed.try_update(|n| *n += 1);
        let mut list = self.list.get_untracked();
        change(&mut list);
        if let Some(store) = self.account.get() {
            let _ = store.put(META, self.key, &list).await;
        }
        self.set(list);
    }

    fn set(self, list: Vec<T>) {
        let _ = self.loaded.try_set(true);
        let _ = self.list.try_set(list);
    }

    /// Signed out: the next account's list is its own.
    pub fn clear(self) {
        let _ = self.loaded.try_set(false);
        let _ = self.list.try_set(Vec::new());
    }
}
