//! The admin edits one person on a form: a new account, or a change of name, role or
//! school, a mentor and the consultants who follow a teacher. The form is written as
//! one row of a people file and checked, previewed and imported exactly as a file is,
//! so a form and a spreadsheet can never disagree. An account's password is reset, or
//! the account deactivated or activated, by its username.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::api::{FirstPassword, LinkKind, LinkRemoval};
use vero_domain::Role;

use super::admin::{net_problem, token};
use crate::i18n::{tr, use_i18n};
use crate::net;

/// The header of the row the form writes (as `roster::read` knows it).
const HEADER: &str = "Lietotājvārds;Vārds Uzvārds;Loma;Iestāde;Mentors;Mentorēšana no;Konsultants";

fn cell(text: &str) -> String {
    let text = text.trim();
    if text.contains([';', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[component]
pub fn PersonForm(csv: RwSignal<Option<String>>, check: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let fields: [RwSignal<String>; 7] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [username, name, role, school, mentor, since, followers] = fields;
    role.set(Role::Teacher.id().to_owned());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let row: Vec<String> = fields.iter().map(|f| cell(&f.get_untracked())).collect();
        csv.set(Some(format!("{HEADER}\n{}\n", row.join(";"))));
        check.update(|n| *n += 1);
    };
    let input = |id: &'static str,
                 label: &'static str,
                 value: RwSignal<String>,
                 kind: &'static str| {
        view! {
            <div class="field">
                <label for=id>{tr(label)}</label>
                <input id=id type=kind prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    let roles = Role::ALL
        .into_iter()
        .map(|r| view! { <option value=r.id() selected=move || role.get() == r.id()>{move || i18n.t(&format!("role.{}", r.id()))}</option> })
        .collect_view();
    view! {
        <section class="card" id="person-card" aria-labelledby="person-title">
            <h2 id="person-title">{tr("admin.person")}</h2>
            <p class="muted">{tr("admin.person_about")}</p>
            <form on:submit=submit class="grid">
                {input("person-username", "signin.username", username, "text")}
                {input("person-name", "admin.person_name", name, "text")}
                <div class="field">
                    <label for="person-role">{tr("admin.person_role")}</label>
                    <select id="person-role" on:change=move |ev| role.set(event_target_value(&ev))>{roles}</select>
                </div>
                {input("person-school", "field.school", school, "text")}
                {input("person-mentor", "admin.person_mentor", mentor, "text")}
                {input("person-since", "admin.person_since", since, "date")}
                {input("person-followers", "admin.person_followers", followers, "text")}
                <p><button type="submit" class="primary" id="person-check">{tr("admin.person_check")}</button></p>
            </form>
            <p class="muted">{tr("admin.person_then")}</p>
        </section>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Done {
    Reset(FirstPassword),
    Deactivated(String),
    Activated(String),
}

#[component]
pub fn AccountActions(imported: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let token = StoredValue::new(token());
    let username = RwSignal::new(String::new());
    let done = RwSignal::new(None::<Done>);
    let problem = RwSignal::new(None::<String>);
    let act = move |action: &'static str| {
        let who = username.get_untracked().trim().to_lowercase();
        let Some(token) = token.get_value() else {
            return;
        };
        if who.is_empty() {
            problem.set(Some(i18n.t("admin.account_username_needed")));
            return;
        }
        problem.set(None);
        done.set(None);
        spawn_local(async move {
            let path = format!(
                "/api/admin/accounts/{}/{action}",
                js_sys::encode_uri_component(&who)
            );
            let result = if action == "reset-password" {
                net::post_json::<_, FirstPassword>(&path, &(), Some(&token))
                    .await
                    .map(Done::Reset)
            } else {
                net::post_empty(&path, Some(&token))
                    .await
                    .map(|()| match action {
                        "deactivate" => Done::Deactivated(who.clone()),
                        _ => Done::Activated(who.clone()),
                    })
            };
            match result {
                Ok(d) => {
                    let _ = done.try_set(Some(d));
                    let _ = imported.try_update(|n| *n += 1);
                }
                Err(e) => {
                    let _ = problem.try_set(Some(net_problem(e, i18n)));
                }
            }
        });
    };
    let outcome = move || {
        done.get().map(|d| match d {
            Done::Reset(p) => view! {
                <p class="done" id="account-outcome">{i18n.format("admin.account_reset", &[("username", &p.username)])}
                    " "<code id="account-password">{p.password}</code></p>
            }
            .into_any(),
            Done::Deactivated(u) => view! { <p class="done" id="account-outcome">{i18n.format("admin.account_deactivated", &[("username", &u)])}</p> }.into_any(),
            Done::Activated(u) => view! { <p class="done" id="account-outcome">{i18n.format("admin.account_activated", &[("username", &u)])}</p> }.into_any(),
        })
    };
    view! {
        <section class="card" id="account-card" aria-labelledby="account-title">
            <h2 id="account-title">{tr("admin.account")}</h2>
            <label for="account-username">{tr("signin.username")}</label>
            <input id="account-username" type="text" autocomplete="off" prop:value=username
                on:input=move |ev| username.set(event_target_value(&ev))/>
            <div class="actions">
                <button type="button" id="account-reset" on:click=move |_| act("reset-password")>{tr("admin.account_reset_button")}</button>
                <button type="button" id="account-deactivate" class="danger" on:click=move |_| act("deactivate")>{tr("admin.account_deactivate_button")}</button>
                <button type="button" id="account-activate" on:click=move |_| act("activate")>{tr("admin.account_activate_button")}</button>
            </div>
            <p class="problem" role="alert">{move || problem.get()}</p>
            <div role="status">{outcome}</div>
        </section>
    }
}

/// Ends a mentoring pair or a consultant's assignment to a teacher.
#[component]
pub fn EndLink(imported: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let token = StoredValue::new(token());
    let kind = RwSignal::new(LinkKind::Mentoring);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let told = RwSignal::new(None::<(bool, String)>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(token) = token.get_value() else {
            return;
        };
        let link = LinkRemoval {
            kind: kind.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
        };
        spawn_local(async move {
            let line = i18n.format(
                "admin.link_ended",
                &[("from", &link.from), ("to", &link.to)],
            );
            let result = net::post_no_answer("/api/admin/links/remove", &link, &token).await;
            let _ = told.try_set(Some(match result {
                Ok(()) => {
                    let _ = imported.try_update(|n| *n += 1);
                    (true, line)
                }
                Err(net::NetError::Status { status: 404, .. }) => {
                    (false, i18n.t("admin.link_none"))
                }
                Err(e) => (false, net_problem(e, i18n)),
            }));
        });
    };
    let field = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{tr(label)}</label>
                <input id=id type="text" autocomplete="off" prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <section class="card" id="link-card" aria-labelledby="link-title">
            <h2 id="link-title">{tr("admin.link")}</h2>
            <form on:submit=submit class="grid">
                <div class="field">
                    <label for="link-kind">{tr("admin.link_kind")}</label>
                    <select id="link-kind" on:change=move |ev| kind.set(if event_target_value(&ev) == "follow" { LinkKind::Follow } else { LinkKind::Mentoring })>
                        <option value="mentoring">{tr("admin.link_mentoring")}</option>
                        <option value="follow">{tr("admin.link_follow")}</option>
                    </select>
                </div>
                {field("link-from", "admin.link_from", from)}
                {field("link-to", "admin.link_to", to)}
                <p><button type="submit" class="danger" id="link-end">{tr("admin.link_end")}</button></p>
            </form>
            <div role="status" id="link-outcome">{move || told.get().map(|(ok, text)| view! { <p class=if ok { "done" } else { "problem" }>{text}</p> })}</div>
        </section>
    }
}
