//! The admin's import of people from a spreadsheet and the audit log. Both need the
//! network: the server checks the file against who exists, and keeps the log.

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::api::{AuditLine, ImportAnswer, ImportPerson, ImportRequest};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{dates::local_time_text, tr, use_i18n, I18n};
use crate::net::{self, NetError};
use crate::session::use_auth;

pub(super) fn token() -> Option<String> {
    use_auth()
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
}

/// The text of the file chosen in `input`, read by the browser.
async fn chosen_text(input: JsValue) -> Option<String> {
    let files = js_sys::Reflect::get(&input, &"files".into()).ok()?;
    let file = js_sys::Reflect::get(&files, &0.into()).ok()?;
    let text = js_sys::Reflect::get(&file, &"text".into()).ok()?;
    let promise = text
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call0(&file)
        .ok()?;
    JsFuture::from(js_sys::Promise::from(promise))
        .await
        .ok()?
        .as_string()
}

pub(super) fn net_problem(err: NetError, i18n: I18n) -> String {
    match err {
        NetError::Unreachable => i18n.t("admin.offline"),
        NetError::Status { error, .. } => error.message,
        NetError::Unreadable(what) => what,
    }
}

fn person_line(p: &ImportPerson, i18n: I18n) -> String {
    let school = p
        .school
        .clone()
        .unwrap_or_else(|| i18n.t("home.municipality"));
    format!(
        "{} ({}) · {} · {school}",
        p.name,
        p.username,
        i18n.t(&format!("role.{}", p.role.id()))
    )
}

/// The import and the log, the log read again after each import.
#[component]
pub fn AdminTools() -> impl IntoView {
    let imported = RwSignal::new(0u32);
    // A file chosen, or one person's row from the form: checked the same way.
    let csv = RwSignal::new(None::<String>);
    let check = RwSignal::new(0u32);
    view! {
        <super::admin_people::PersonForm csv check/>
        <super::admin_people::AccountActions imported/>
        <super::admin_people::EndLink imported/>
        <ImportCard imported=imported csv check/>
        <AuditCard imported=imported/>
    }
}

#[component]
fn ImportCard(
    imported: RwSignal<u32>,
    csv: RwSignal<Option<String>>,
    check: RwSignal<u32>,
) -> impl IntoView {
    let sync = crate::sync::use_sync();
    let i18n = use_i18n();
    let token = StoredValue::new(token());
    let answer = RwSignal::new(None::<ImportAnswer>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |apply: bool| {
        let (Some(text), Some(token)) = (csv.get_untracked(), token.get_value()) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let request = ImportRequest { csv: text, apply };
            match net::post_json::<_, ImportAnswer>("/api/admin/import", &request, Some(&token))
                .await
            {
                Ok(a) => {
                    if a.applied {
                        // The accounts above come with the next sync.
                        let _ = imported.try_update(|n| *n += 1);
                        sync.sync_now();
                    }
                    let _ = answer.try_set(Some(a));
                    let _ = problem.try_set(None);
                }
                Err(e) => {
                    let _ = problem.try_set(Some(net_problem(e, i18n)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    Effect::new(move |first: Option<()>| {
        check.track();
        if first.is_some() {
            answer.set(None);
            send(false);
        }
    });
    let chosen = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target() else { return };
        spawn_local(async move {
            let text = chosen_text(input.into()).await;
            let _ = answer.try_set(None);
            let _ = csv.try_set(text);
            send(false);
        });
    };
    let result = move || {
        let a = answer.get()?;
        if !a.problems.is_empty() {
            let items = a
                .problems
                .iter()
                .map(|p| {
                    let text = i18n.format(
                        &p.message_key(),
                        &[("line", &p.line.to_string()), ("value", &p.value)],
                    );
                    view! { <li data-line=p.line>{text}</li> }
                })
                .collect_view();
            return Some(
                view! {
                    <div id="import-problems" role="alert">
                        <ul>{items}</ul>
                        <p><strong>{i18n.t("import.nothing_imported")}</strong></p>
                    </div>
                }
                .into_any(),
            );
        }
        let count = |k: &str, n: usize| i18n.format(k, &[("n", &n.to_string())]);
        let added = a
            .new_people
            .iter()
            .map(|p| view! { <li>"+ "{person_line(p, i18n)}</li> })
            .collect_view();
        let changed = a
            .changed
            .iter()
            .map(|c| view! { <li>"~ "{person_line(&c.before, i18n)}" → "{person_line(&c.after, i18n)}</li> })
            .collect_view();
        let schools = a
            .new_schools
            .iter()
            .map(|s| view! { <li>"+ "{s.clone()}</li> })
            .collect_view();
        let links = a
            .new_pairs
            .iter()
            .map(|l| ("import.pair_line", l))
            .chain(a.new_follows.iter().map(|l| ("import.follow_line", l)))
            .map(|(key, l)| {
                let line = i18n.format(
                    key,
                    &[("from", &l.from), ("to", &l.to), ("since", &l.since)],
                );
                view! { <li>"+ "{line}</li> }
            })
            .collect_view();
        let passwords = (!a.passwords.is_empty()).then(|| {
            let rows = a
                .passwords
                .iter()
                .map(|p| view! { <tr><td>{p.username.clone()}</td><td><code>{p.password.clone()}</code></td></tr> })
                .collect_view();
            view! {
                <h3>{i18n.t("admin.passwords_title")}</h3>
                <p class="muted">{i18n.t("admin.passwords_once")}</p>
                <table class="progress-table" id="first-passwords">
                    <thead><tr><th scope="col">{i18n.t("signin.username")}</th><th scope="col">{i18n.t("signin.password")}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        });
        let nothing = a.new_schools.is_empty()
            && a.new_people.is_empty()
            && a.changed.is_empty()
            && a.new_pairs.is_empty()
            && a.new_follows.is_empty();
        Some(
            view! {
                <div id="import-plan" role="status">
                    <p>{count("import.new_schools", a.new_schools.len())}" · "
                        {count("import.new_people", a.new_people.len())}" · "
                        {count("import.changed", a.changed.len())}" · "
                        {count("import.links", a.new_pairs.len() + a.new_follows.len())}" · "
                        {count("import.unchanged", a.unchanged as usize)}</p>
                    <ul>{schools}{added}{changed}{links}</ul>
                    {a.applied.then(|| view! { <p><strong>{i18n.t("import.done")}</strong></p> })}
                    {(!a.applied && !nothing).then(|| view! {
                        <button type="button" class="primary" id="import-apply" disabled=busy
                            on:click=move |_| send(true)>{i18n.t("admin.import_apply")}</button>
                    })}
                    {passwords}
                </div>
            }
            .into_any(),
        )
    };
    view! {
        <section class="card" id="import-card" aria-labelledby="import-title">
            <h2 id="import-title">{tr("admin.import")}</h2>
            <p class="muted">{tr("admin.import_about")}</p>
            <label for="import-file">{tr("admin.import_file")}</label>
            <input type="file" id="import-file" accept=".csv,text/csv" on:change=chosen/>
            <p class="problem" role="alert">{move || problem.get()}</p>
            {result}
        </section>
    }
}

#[component]
fn AuditCard(imported: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let token = StoredValue::new(token());
    let find = RwSignal::new(String::new());
    let lines = RwSignal::new(None::<Vec<AuditLine>>);
    let problem = RwSignal::new(None::<String>);
    let load = move || {
        let Some(token) = token.get_value() else {
            return;
        };
        let typed = find.get_untracked();
        spawn_local(async move {
            let query: String = js_sys::encode_uri_component(typed.trim()).into();
            let path = format!("/api/admin/audit?limit=200&find={query}");
            match net::get_json::<Vec<AuditLine>>(&path, &token).await {
                Ok(list) => {
                    let _ = lines.try_set(Some(list));
                    let _ = problem.try_set(None);
                }
                Err(e) => {
                    let _ = problem.try_set(Some(net_problem(e, i18n)));
                }
            }
        });
    };
    Effect::new(move |_| {
        imported.track();
        load();
    });
    let rows = move || {
        let lang = i18n.lang.get();
        let list = lines.get()?;
        if list.is_empty() {
            return Some(view! { <p class="muted">{i18n.t("admin.audit_none")}</p> }.into_any());
        }
        let items = list
            .iter()
            .map(|e| {
                view! {
                    <li class="obs-row" data-action=e.action.clone()>
                        <span class="muted">{local_time_text(e.at * 1000, lang)}</span>" · "
                        <strong>{e.actor.clone()}</strong>" · "{e.action.clone()}" · "{e.subject.clone()}
                        {(!e.detail.is_empty()).then(|| view! { <p class="muted">{e.detail.clone()}</p> })}
                    </li>
                }
            })
            .collect_view();
        Some(view! { <ul class="obs-list" id="audit-list">{items}</ul> }.into_any())
    };
    view! {
        <section class="card" id="audit-card" aria-labelledby="audit-title">
            <h2 id="audit-title">{tr("admin.audit")}</h2>
            <form on:submit=move |ev| { ev.prevent_default(); load(); }>
                <label for="audit-search">{tr("admin.audit_search")}</label>
                <input type="search" id="audit-search" autocomplete="off" prop:value=find
                    on:input=move |ev| find.set(event_target_value(&ev))/>
                <button type="submit">{tr("admin.audit_find")}</button>
            </form>
            <p class="problem" role="alert">{move || problem.get()}</p>
            {rows}
        </section>
    }
}
