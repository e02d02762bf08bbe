//! Each role's home screen. The route is `/<home>`; a person only sees their own.

mod admin;
mod admin_people;
mod caseload;
mod consultant;
pub mod filter;
mod management;
mod municipality;
mod mydata;
mod observer;
mod pairs;
mod person;
mod retention;
pub mod sheets;
mod teacher;

pub use person::PersonRoute;
pub use teacher::NewFeedbackLink;

use leptos::prelude::*;
use vero_domain::api::UserProfile;
use vero_domain::{Home, Role};

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
    let role = user.role;
    // The admin keeps the accounts; the specialist follows the schools.
    let id = if role == Role::Admin {
        "admin"
    } else {
        home.id()
    };
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
            <p class="home-links">
                {(role != Role::Admin).then(|| view! {
                    <a href="/open-lessons" id="home-open-lessons">{move || i18n.t("open_lessons.title")}</a>
                })}
                <a href="/password" id="change-password">{move || i18n.t("password.link")}</a>
            </p>
        </section>
        // The drafts list shows the attention list itself.
        {match (home, role) {
            (Home::Observer, Role::EdtechMentor) => view! {
                <crate::plan::PlannedForMe/> <observer::ObserverHome/> <caseload::Caseload lead="D3"/> <Drafts/> <SharedWithMe/>
            }.into_any(),
            (Home::Observer, _) => view! { <crate::plan::PlannedForMe/> <observer::ObserverHome/> <Drafts/> <SharedWithMe/> }.into_any(),
            (Home::Teacher, _) => view! { <AttentionList/> <teacher::TeacherHome/> <crate::plan::PlannedOfMe/> }.into_any(),
            (Home::Management, _) => view! { <AttentionList/> <crate::plan::PlanVsDone/> <management::ManagementHome/> <SharedWithMe/> }.into_any(),
            (Home::Mentor, _) => view! {
                <AttentionList/> <pairs::MentorPairs/> <caseload::Caseload/> <Drafts/> <SharedWithMe/>
            }.into_any(),
            (Home::Consultant, _) => view! {
                <AttentionList/> <caseload::Caseload/> <consultant::ConsultantWork/> <Drafts/> <SharedWithMe/>
            }.into_any(),
            (Home::Municipality, Role::Admin) => view! {
                <AttentionList/> <municipality::AdminHome/> <admin::AdminTools/> <retention::RetentionCard/>
            }.into_any(),
            (Home::Municipality, _) => view! {
                <AttentionList/> <crate::plan::PlanVsDone/> <municipality::SpecialistHome/> <Drafts/> <SharedWithMe/>
            }.into_any(),
        }}
        // Everyone's right of access, at the foot of each home.
        <mydata::MyData/>
    }
}
