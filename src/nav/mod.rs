//! Moving between screens is leptos_router's work: the routes are in `app.rs`, moves in
//! code go through `use_navigate`, and the app's links are plain `<a href="/…">`, which the
//! router takes over (its `<A>` would only add `aria-current`, for about 5 KB of download).
//!
//! What remains here is a redirect, because leptos_router's own `<Redirect>` does not fit
//! how the app uses one: it adds a history entry by default, so Back returns to the
//! address that redirected and is sent forward again; and told to replace instead, after
//! a link it replaces the screen the person came from (the router writes a link's entry
//! to the history only once the new screen is built, and a redirect happens while it is
//! built).

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// Renders nothing and sends the person to `path`, in place of the address that led here.
#[component]
pub fn Redirect(path: String) -> impl IntoView {
    let navigate = use_navigate();
    let routed = use_location().pathname;
    // After this render, so the screen that asked for it has finished building.
    leptos::task::spawn_local(async move {
        // The address bar still shows another path while the router has yet to write the
        // entry of the link that led here. That entry is then never written (the router
        // drops it when another navigation overtakes it), so `path` takes its place as a
        // new one; otherwise `path` replaces the entry that redirected.
        let written = window().location().pathname().ok();
        let replace = written.as_deref() == Some(routed.get_untracked().as_str());
        navigate(
            &path,
            NavigateOptions {
                replace,
                ..Default::default()
            },
        );
    });
}
