//! Each role's home screen. The route is `/<home>`; a person only sees their own.

mod caseload;
mod management;
mod observer;
pub mod sheets;
mod teacher;

pub use teacher::NewFeedbackLink;

use leptos::prelude::*;
use vero_domain::api::UserProfile;
use vero_domain::Home;

use crate::feedback::SharedWithMe;
use crate::i18n::use_i18n;
use crate::nav::Redirect;
use crate::session::use_auth;
use crate::sheet::Drafts;
use crate::sync::AttentionList;

#[component]
pub fn HomeRoute(home: Home) -> impl IntoView {
    let auth = use_auth();
    move || match auth.session.get() {
        None => view! { <Redirect path="/sign-in".to_owned()/> }.into_any(),
        Some(s) if s.user.role.home() != home => {
            view! { <Redirect path=s.user.role.home().path().to_owned()/> }.into_any()
        }
        Some(s) => view! { <RoleHome home=home user=s.user/> }.into_any(),
    }
}

#[component]
fn RoleHome(home: Home, user: UserProfile) -> impl IntoView {
    let i18n = use_i18n();
    let id = home.id();
    let name = user.display_name.clone();
    let place = move || match &user.school {
        Some(school) => i18n.format("home.school", &[("school", &school.name)]),
        None => i18n.t("home.municipality"),
    };
    view! {
        <section class="card home" data-home=id>
            <p class="greeting">{move || i18n.format("home.greeting", &[("name", &name)])}</p>
            <h1>{move || i18n.t(&format!("home.{id}.title"))}</h1>
            <p class="muted">{place}</p>
            <p>{move || i18n.t(&format!("home.{id}.intro"))}</p>
        </section>
        // The drafts list shows the attention list itself.
        {match home {
            Home::Observer => view! { <observer::ObserverHome/> <Drafts/> <SharedWithMe/> }.into_any(),
            Home::Teacher => view! { <AttentionList/> <teacher::TeacherHome/> }.into_any(),
            Home::Management => view! { <AttentionList/> <management::ManagementHome/> <SharedWithMe/> }.into_any(),
            Home::Mentor | Home::Consultant => view! { <AttentionList/> <caseload::Caseload/> <Drafts/> <SharedWithMe/> }.into_any(),
            _ => view! { <AttentionList/> <SharedWithMe/> }.into_any(),
        }}
    }
}
