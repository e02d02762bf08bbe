//! The directory of people an observer may pick as the teacher observed. Picking one
//! from the list (not just typing a name) is what lets that teacher, and those who
//! support them, see the sheet once it is shared. Kept in the account's database for
//! offline use; each account has the directory the server gives it.

use leptos::prelude::*;
use vero_domain::api::{MentoringPair, Person};
use vero_domain::open_lesson::OpenLesson;

use super::kept::Kept;
use crate::store::account::AccountStore;

pub type People = Kept<Person>;

/// The mentoring pairs this account is in (as mentor or mentee).
pub type Mentoring = Kept<MentoringPair>;

/// Every school's open lessons, as this account may see them.
pub type OpenLessons = Kept<OpenLesson>;

pub fn provide(account: AccountStore) -> (People, Mentoring, OpenLessons) {
    let people = People::new(account, "people", "/api/people");
    let pairs = Mentoring::new(account, "mentoring", "/api/mentoring");
    let lessons = OpenLessons::new(account, "open_lessons", "/api/open-lessons");
    provide_context(people);
    provide_context(pairs);
    provide_context(lessons);
    (people, pairs, lessons)
}

pub fn use_open_lessons() -> OpenLessons {
    expect_context::<OpenLessons>()
}

pub fn use_people() -> People {
    expect_context::<People>()
}

pub fn use_mentoring() -> Mentoring {
    expect_context::<Mentoring>()
}

/// A name in lower case, by the browser: its Unicode tables are there already, Rust's
/// would add to the download.
fn lower(name: &str) -> String {
    js_sys::JsString::from(name).to_lower_case().into()
}

impl Kept<Person> {
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
