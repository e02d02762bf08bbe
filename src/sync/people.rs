//! The directory of people an observer may pick as the teacher observed. Picking one
//! from the list (not just typing a name) is what lets that teacher, and those who
//! support them, see the sheet once it is shared. Kept in the account's database for
//! offline use; each account has the directory the server gives it.

use leptos::prelude::*;
use vero_domain::api::Person;

use crate::net;
use crate::store::account::AccountStore;
use crate::store::{Store, META};

const KEY: &str = "people";

#[derive(Clone, Copy)]
pub struct People {
    pub list: RwSignal<Vec<Person>>,
    /// Read from the device for this account already.
    loaded: RwSignal<bool>,
    account: AccountStore,
}

pub fn provide(account: AccountStore) -> People {
    let people = People {
        list: RwSignal::new(Vec::new()),
        loaded: RwSignal::new(false),
        account,
    };
    provide_context(people);
    people
}

pub fn use_people() -> People {
    expect_context::<People>()
}

/// A name in lower case, by the browser: its Unicode tables are there already, Rust's
/// would add to the download.
fn lower(name: &str) -> String {
    js_sys::JsString::from(name).to_lower_case().into()
}

impl People {
    /// The account of the person with exactly this name (any case); empty if none or if
    /// the name is not unique.
    pub fn id_for(&self, name: &str) -> String {
        let name = lower(name.trim());
        self.list.with_untracked(|people| {
            let mut found = people.iter().filter(|x| lower(&x.name) == name);
            match (found.next(), found.next()) {
                (Some(one), None) => one.id.clone(),
                _ => String::new(),
            }
        })
    }

    /// The name of the person with this account, if the directory lists them.
    pub fn name_of(&self, id: &str) -> Option<String> {
        self.list
            .with_untracked(|people| people.iter().find(|x| x.id == id).map(|x| x.name.clone()))
    }

    /// The list as last kept on this device, read once per sign-in.
    pub async fn load(self) {
        if self.loaded.get_untracked() {
            return;
        }
        let Some(store) = self.account.get() else {
            return;
        };
        if let Ok(Some(people)) = store.get::<Vec<Person>>(META, KEY).await {
            if !self.loaded.get_untracked() {
                self.set(people);
            }
        }
    }

    /// Fetches the list and keeps it; a failure keeps the old one.
    pub async fn refresh(self, store: &Store, token: &str) {
        let Ok(people) = net::get_json::<Vec<Person>>("/api/people", token).await else {
            return;
        };
        // Only while the same account is signed in.
        if self.account.get().map(|s| s.name()) != Some(store.name()) {
            return;
        }
        let _ = store.put(META, KEY, &people).await;
        self.set(people);
    }

    fn set(self, people: Vec<Person>) {
        let _ = self.loaded.try_set(true);
        let _ = self.list.try_set(people);
    }

    /// Signed out: the next account's directory is its own.
    pub fn clear(self) {
        let _ = self.loaded.try_set(false);
        let _ = self.list.try_set(Vec::new());
    }
}

/// `<datalist id="people">`, for the teacher fields.
#[component]
pub fn PeopleList() -> impl IntoView {
    let people = use_people();
    view! {
        <datalist id="people">
            {move || people.list.get().into_iter().map(|p| view! { <option value=p.name/> }).collect_view()}
        </datalist>
    }
}
