//! Vēro in the browser: a Leptos client-side app, organised by feature.

pub mod analysis;
pub mod app;
pub mod feedback;
pub mod homes;
pub mod i18n;
pub mod nav;
pub mod net;
pub mod open_lessons;
pub mod plan;
pub mod platform;
pub mod print;
pub mod session;
pub mod sheet;
pub mod shell;
pub mod store;
pub mod sync;
pub mod template;

/// Mounts the app on the page; called by the binary Trunk builds.
pub fn start() {
    // Under immediate-abort panics (the shipped build) the hook is never called.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
