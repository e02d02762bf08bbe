//! The app's root: reads this device's settings, opens the signed-in account's
//! database, then routes.

use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos::task::spawn_local;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_params_map};
use leptos_router::{path, NestedRoute, StaticSegment};
use vero_domain::role::start_path;
use vero_domain::Home;

use crate::homes::HomeRoute;
use crate::i18n::{provide_i18n, tr};
use crate::nav::Redirect;
use crate::session::{provide_auth, use_auth, SignIn};
use crate::sheet::{DraftsPage, SheetPage, StartSheet};
use crate::shell::{AppBar, NotFound};
use crate::store::account::AccountStore;
use crate::store::live::LiveSheets;
use crate::store::{device, legacy, prefs};

/// What was read from the device at start.
#[derive(Clone, Copy)]
struct Boot {
    ready: RwSignal<bool>,
    store_failed: RwSignal<bool>,
    last_path: RwSignal<Option<String>>,
}

#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    let account = AccountStore::provide();
    let auth = provide_auth(account);
    let live = LiveSheets::provide(account);
    crate::sync::provide_sync(auth, account, live);
    crate::homes::sheets::provide_device_sheets();
    let boot = Boot {
        ready: RwSignal::new(false),
        store_failed: RwSignal::new(false),
        last_path: RwSignal::new(None),
    };
    provide_context(boot);

    spawn_local(async move {
        // Settings an older app kept in its database move to the device's preferences
        // first (once).
        if let Err(err) = legacy::move_settings(legacy::DB_NAME).await {
            leptos::logging::warn!("{err}");
        }
        let start = prefs::start_prefs();
        if let Some(lang) = start.lang {
            i18n.lang.set(lang);
        }
        boot.last_path.set(start.last_path);
        let kept = device::session().await.unwrap_or_else(|err| {
            leptos::logging::error!("{err}");
            boot.store_failed.set(true);
            None
        });
        if let Some(session) = kept {
            if let Err(err) = auth.resume(session).await {
                leptos::logging::error!("{err}");
                boot.store_failed.set(true);
            }
        }
        boot.ready.set(true);
    });

    // The service worker makes the app start offline. A new version waits for the person
    // to choose to reload; nothing reloads under a sheet being filled.
    let update_ready = RwSignal::new(false);
    if !cfg!(debug_assertions) {
        crate::platform::register_service_worker(move || update_ready.set(true));
    }

    // Screen readers and the browser's spell checker follow <html lang>.
    Effect::new(move |_| {
        let code = i18n.lang.get().code();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", code);
        }
    });

    view! {
        <Router>
            // A fragment link is the browser's (target=_self keeps the router's hands off
            // it): it moves the keyboard focus into <main>, and the screen stays.
            <a class="skip" href="#main" target="_self">{tr("app.skip")}</a>
            <AppBar/>
            <crate::sync::SignInAgain/>
            <crate::sync::NoticeList/>
            <crate::sync::PeopleList/>
            <Show when=move || update_ready.get()>
                <div class="update" role="status">
                    <span>{tr("update.ready")}</span>
                    <button type="button" id="apply-update"
                        on:click=|_| crate::platform::apply_update()>{tr("update.reload")}</button>
                </div>
            </Show>
            <main id="main">
                <Show when=move || boot.store_failed.get()>
                    <p class="card warning" role="alert">{tr("store.unavailable")}</p>
                </Show>
                <Show when=move || boot.ready.get()
                    fallback=|| view! { <p class="loading">{tr("app.loading")}</p> }>
                    <Screens/>
                </Show>
            </main>
        </Router>
    }
}

/// The screen for the address, once the device's settings are read.
#[component]
fn Screens() -> impl IntoView {
    let boot = expect_context::<Boot>();
    // Keeps the current home screen on the device so the next start reopens it.
    let pathname = use_location().pathname;
    // A password an admin set is replaced before anything else.
    let auth = use_auth();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        let must = auth
            .session
            .with(|s| s.as_ref().is_some_and(|s| s.user.must_change_password));
        if must && pathname.get() != "/password" {
            navigate("/password", Default::default());
        }
    });
    Effect::new(move |_| {
        let path = pathname.get();
        if Home::from_path(&path).is_some() {
            prefs::set_last_path(&path);
            boot.last_path.set(Some(path));
        }
    });

    view! {
        <Routes fallback=NotFound>
            <Route path=path!("") view=Landing/>
            <Route path=path!("sign-in") view=SignIn/>
            <Route path=path!("drafts") view=DraftsPage/>
            <ParentRoute path=path!("sheet") view=Outlet>
                // Before `:id`: the first route that matches is the one shown.
                <Route path=path!("new") view=StartSheet/>
                <Route path=path!(":id/print") view=PrintRoute/>
                <Route path=path!(":id") view=SheetRoute/>
            </ParentRoute>
            <Route path=path!("people/:id") view=crate::homes::PersonRoute/>
            <Route path=path!("password") view=crate::session::PasswordPage/>
            <Route path=path!("templates") view=crate::template::TemplatesPage/>
            <Route path=path!("analysis") view=crate::analysis::AnalysisPage/>
            <Route path=path!("open-lessons") view=crate::open_lessons::OpenLessonsPage/>
            <Route path=path!("plan") view=crate::plan::PlanPage/>
            <HomeRoutes/>
        </Routes>
    }
}

/// `/<home>`: a route for each role's home, from the domain's list of them.
#[component(transparent)]
fn HomeRoutes() -> AnyNestedRoute {
    let routes: Vec<_> = Home::ALL
        .into_iter()
        .map(|home| {
            NestedRoute::new(
                StaticSegment(home.id()),
                move || view! { <HomeRoute home/> },
            )
        })
        .collect();
    StaticVec::from(routes).into_any_nested_route()
}

/// `/sheet/:id`. Going from one sheet to another keeps this route but changes its `id`:
/// the sheet's screen is built again for the new one.
#[component]
fn SheetRoute() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    move || {
        let id = id.get();
        untrack(|| view! { <SheetPage id/> })
    }
}

/// `/sheet/:id/print`: the observation as it goes on paper.
#[component]
fn PrintRoute() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    move || {
        let id = id.get();
        untrack(|| view! { <crate::print::PrintPage id/> })
    }
}

/// `/` sends a signed-in person back to where they were, anyone else to sign-in.
#[component]
fn Landing() -> impl IntoView {
    let auth = use_auth();
    let boot = expect_context::<Boot>();
    let target = auth.session.with_untracked(|s| match s {
        Some(s) => start_path(s.user.role, boot.last_path.get_untracked().as_deref()),
        None => "/sign-in",
    });
    view! { <Redirect path=target.to_owned()/> }
}
