//! The directory of people an observer may pick as the teacher observed. Picking one
//! from the list (not just typing a name) is what lets that teacher, and those who
//! support them, see the sheet once it is shared. Kept on the device for offline use.

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use vero_domain::api::Person;

use crate::net;
use crate::store::{Store, PREFS};

const KEY: &str = "people";

thread_local! {
    static PEOPLE: RefCell<Vec<Person>> = const { RefCell::new(Vec::new()) };
    static SHOWN: RefCell<Option<RwSignal<Vec<Person>>>> = const { RefCell::new(None) };
    /// Read from the device, or fetched, on this page already.
    static LOADED: Cell<bool> = const { Cell::new(false) };
}

fn set(people: Vec<Person>) {
    LOADED.with(|l| l.set(true));
    PEOPLE.with(|p| *p.borrow_mut() = people.clone());
    if let Some(shown) = SHOWN.with(|s| *s.borrow()) {
        let _ = shown.try_set(people);
    }
}

/// A name in lower case, by the browser: its Unicode tables are there already, Rust's
/// would add to the download.
fn lower(name: &str) -> String {
    js_sys::JsString::from(name).to_lower_case().into()
}

/// The account of the person with exactly this name (any case); empty if none or if
/// the name is not unique.
pub fn id_for(name: &str) -> String {
    let name = lower(name.trim());
    PEOPLE.with(|p| {
        let people = p.borrow();
        let mut found = people.iter().filter(|x| lower(&x.name) == name);
        match (found.next(), found.next()) {
            (Some(one), None) => one.id.clone(),
            _ => String::new(),
        }
    })
}

/// The name of the person with this account, if the directory lists them.
pub fn name_of(id: &str) -> Option<String> {
    PEOPLE.with(|p| {
        let people = p.borrow();
        people.iter().find(|x| x.id == id).map(|x| x.name.clone())
    })
}

/// The list as last kept on this device, read once a page.
pub async fn load() {
    if LOADED.with(Cell::get) {
        return;
    }
    if let Ok(store) = Store::shared().await {
        if let Ok(Some(people)) = store.get::<Vec<Person>>(PREFS, KEY).await {
            set(people);
        }
    }
}

/// Fetches the list and keeps it; a failure keeps the old one.
pub async fn refresh(token: &str) {
    let Ok(people) = net::get_json::<Vec<Person>>("/api/people", token).await else {
        return;
    };
    if let Ok(store) = Store::shared().await {
        let _ = store.put(PREFS, KEY, &people).await;
    }
    set(people);
}

/// `<datalist id="people">`, for the teacher fields.
#[component]
pub fn PeopleList() -> impl IntoView {
    let shown = RwSignal::new(PEOPLE.with(|p| p.borrow().clone()));
    SHOWN.with(|s| *s.borrow_mut() = Some(shown));
    view! {
        <datalist id="people">
            {move || shown.get().into_iter().map(|p| view! { <option value=p.name/> }).collect_view()}
        </datalist>
    }
}
