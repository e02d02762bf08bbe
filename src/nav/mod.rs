//! Screens by URL: the path as a signal, links that don't reload, and the back button.
//!
//! A few dozen lines instead of a router crate keep the first download small; the app
//! has a handful of flat routes and needs nothing more.

use leptos::ev::MouseEvent;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The current path, shared through context.
#[derive(Clone, Copy)]
pub struct Nav {
    pub path: RwSignal<String>,
}

fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".into())
}

pub fn provide_nav() -> Nav {
    let nav = Nav {
        path: RwSignal::new(current_path()),
    };
    provide_context(nav);
    if let Some(window) = web_sys::window() {
        // Fragment links (#main) fire popstate too; only a new path changes the screen.
        let on_pop = Closure::<dyn FnMut()>::new(move || {
            let path = current_path();
            if nav.path.get_untracked() != path {
                nav.path.set(path);
            }
        });
        let _ =
            window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        // Lives as long as the page.
        on_pop.forget();
    }
    nav
}

pub fn use_nav() -> Nav {
    expect_context::<Nav>()
}

impl Nav {
    /// Goes to `path` as a new history entry.
    pub fn go(self, path: &str) {
        self.change(path, false);
    }

    /// Goes to `path` in place of the current entry (for redirects).
    pub fn replace(self, path: &str) {
        self.change(path, true);
    }

    fn change(self, path: &str, replace: bool) {
        if self.path.get_untracked() == path {
            return;
        }
        if let Ok(history) = web_sys::window().expect("window").history() {
            let _ = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(path))
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(path))
            };
        }
        self.path.set(path.to_owned());
        if !replace {
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
        }
    }
}

/// A link within the app: a plain `<a>` that changes screen without reloading.
#[component]
pub fn Link(
    href: String,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] id: &'static str,
    children: Children,
) -> impl IntoView {
    let nav = use_nav();
    let target = href.clone();
    let on_click = move |ev: MouseEvent| {
        if ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
            ev.prevent_default();
            nav.go(&target);
        }
    };
    view! { <a href=href class=class id=(!id.is_empty()).then_some(id) on:click=on_click>{children()}</a> }
}

/// Renders nothing and sends the person to `path` (replacing this history entry).
#[component]
pub fn Redirect(path: String) -> impl IntoView {
    let nav = use_nav();
    // After this render, so the screen that asked for it has finished building.
    leptos::task::spawn_local(async move { nav.replace(&path) });
}
