//! Each role's home screen. The route is `/<home>`; a person only sees their own.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;
use vero_domain::api::UserProfile;
use vero_domain::Home;

use crate::i18n::use_i18n;
use crate::session::use_auth;
use crate::sheet::Drafts;
use crate::shell::NotFound;

#[component]
pub fn HomeRoute() -> impl IntoView {
    let auth = use_auth();
    let params = use_params_map();
    let home = move || {
        params.with(|p| {
            p.get("home")
                .and_then(|h| Home::from_path(&format!("/{h}")))
        })
    };
    move || match (home(), auth.session.get()) {
        (None, _) => view! { <NotFound/> }.into_any(),
        (Some(_), None) => view! { <Redirect path="/sign-in"/> }.into_any(),
        (Some(home), Some(s)) if s.user.role.home() != home => {
            view! { <Redirect path=s.user.role.home().path()/> }.into_any()
        }
        (Some(home), Some(s)) => view! { <RoleHome home=home user=s.user/> }.into_any(),
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
        {(home == Home::Observer).then(|| view! { <Drafts/> })}
    }
}
