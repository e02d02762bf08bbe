//! `/templates`: the municipal specialist edits the sheet and publishes its next version.
//! The draft is kept on the device at every keystroke, so nothing typed is lost to a
//! closed tab or a missing network; publishing needs the network. Everyone else reads
//! which versions there are.

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::template::TemplateError;
use vero_domain::templates::{self, PublishProblem};
use vero_domain::{Role, Template};

use super::edit_sections::{ScaleEditor, SectionEditor};
use super::{keep, known_templates, latest_template};
use crate::i18n::{tr, use_i18n, I18n};
use crate::net::{self, NetError};
use crate::session::use_auth;
use crate::store::account::use_account_store;
use crate::store::META;

/// The account's unpublished draft, in `meta`.
const DRAFT: &str = "template_draft";

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Published(u32),
    Problem(PublishProblem),
    Stale(u32),
    Offline,
    Server(String),
}

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let auth = use_auth();
    let specialist = auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.user.role) == Some(Role::Specialist));
    view! {
        <section class="card" aria-labelledby="versions-title">
            <h1 id="versions-title">{tr("templates.title")}</h1>
            <p>{tr("templates.intro")}</p>
            <Versions/>
        </section>
        {if specialist {
            view! { <Editor/> }.into_any()
        } else {
            view! { <p class="card muted">{tr("templates.only_specialist")}</p> }.into_any()
        }}
    }
}

#[component]
fn Versions() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul id="template-versions">
            {move || known_templates().into_iter().rev().map(|t| {
                let line = i18n.format("templates.version_line", &[
                    ("version", &t.version.to_string()),
                    ("sections", &t.sections.len().to_string()),
                    ("criteria", &t.criteria().count().to_string()),
                ]);
                let newest = t.version == latest_template().version;
                view! {
                    <li>{line}{newest.then(|| view! { " · " <strong>{i18n.t("templates.newest")}</strong> })}</li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Editor() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let account = use_account_store();
    let draft = RwSignal::new(latest_template().clone());
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    // A draft begun on the newest version comes back; one begun on an older is left.
    spawn_local(async move {
        let Some(store) = account.get() else { return };
        if let Ok(Some(kept)) = store.get::<Template>(META, DRAFT).await {
            if kept.version == latest_template().version {
                let _ = draft.try_set(kept);
            }
        }
    });
    // Every change is kept on the device at once.
    Effect::new(move |first: Option<()>| {
        let value = draft.get();
        if first.is_some() {
            if let Some(store) = account.get() {
                spawn_local(async move {
                    let _ = store.put(META, DRAFT, &value).await;
                });
            }
        }
    });
    let publish = move |_| {
        if busy.get_untracked() {
            return;
        }
        let Some(token) = auth
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
        else {
            return;
        };
        let edited = draft.get_untracked();
        if let Err(problem) = templates::prepare(&edited, latest_template()) {
            outcome.set(Some(Outcome::Problem(problem)));
            return;
        }
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let answer =
                net::post_json::<_, Template>("/api/templates", &edited, Some(&token)).await;
            let result = match answer {
                Ok(published) => {
                    let version = published.version;
                    keep([published]);
                    let _ = draft.try_set(latest_template().clone());
                    if let Some(store) = account.get() {
                        let _ = store.delete(META, DRAFT).await;
                    }
                    Outcome::Published(version)
                }
                Err(NetError::Status { status: 409, error }) => Outcome::Stale(
                    newest_in(&error.message).unwrap_or(latest_template().version + 1),
                ),
                Err(NetError::Unreachable) => Outcome::Offline,
                Err(NetError::Status { error, .. }) => Outcome::Server(error.message),
                Err(NetError::Unreadable(what)) => Outcome::Server(what),
            };
            let _ = outcome.try_set(Some(result));
            let _ = busy.try_set(false);
        });
    };
    let discard = move |_| {
        draft.set(latest_template().clone());
        outcome.set(None);
    };
    let add_section = move |_| {
        draft.update(|t| {
            let id = templates::new_section_id(known_templates(), t);
            // Before the free-text section that closes the sheet, if there is one.
            let at = t
                .sections
                .iter()
                .position(|s| s.free_text.is_some())
                .unwrap_or(t.sections.len());
            t.sections.insert(at, templates::blank_section(id));
        })
    };
    let section_ids = Memo::new(move |_| {
        draft.with(|t| t.sections.iter().map(|s| s.id.clone()).collect::<Vec<_>>())
    });
    let next_version = move || (latest_template().version + 1).to_string();
    view! {
        <section class="card" id="template-editor" aria-labelledby="editor-title">
            <h2 id="editor-title">{move || i18n.format("templates.editing", &[("version", &next_version())])}</h2>
            <p class="muted">{tr("templates.editing_intro")}</p>
            <ScaleEditor draft/>
            <For each=move || section_ids.get() key=|id| id.clone() let:id>
                <SectionEditor draft id/>
            </For>
            <p><button type="button" id="add-section" on:click=add_section>{tr("templates.add_section")}</button></p>
            <div class="actions">
                <button type="button" class="primary" id="publish-template" disabled=move || busy.get() on:click=publish>
                    {move || i18n.format("templates.publish", &[("version", &next_version())])}
                </button>
                <button type="button" id="discard-template" on:click=discard>{tr("templates.discard")}</button>
            </div>
            <div role="status" id="publish-outcome">{move || outcome.get().map(|o| message(o, i18n))}</div>
        </section>
    }
}

/// The version a 409 names ("Version 3 was published meanwhile…").
fn newest_in(message: &str) -> Option<u32> {
    message.split_whitespace().nth(1)?.parse().ok()
}

fn message(outcome: Outcome, i18n: I18n) -> impl IntoView {
    let (class, text) = match outcome {
        Outcome::Published(v) => (
            "done",
            i18n.format("templates.published", &[("version", &v.to_string())]),
        ),
        Outcome::Stale(v) => (
            "warning",
            i18n.format("templates.stale", &[("version", &v.to_string())]),
        ),
        Outcome::Offline => ("warning", i18n.t("templates.offline")),
        Outcome::Server(m) => ("warning", m),
        Outcome::Problem(p) => ("warning", problem_text(&p, i18n)),
    };
    view! { <p class=class>{text}</p> }
}

pub fn problem_text(problem: &PublishProblem, i18n: I18n) -> String {
    match problem {
        PublishProblem::Template(TemplateError::EmptyText(at)) => {
            i18n.format("templates.problem.empty", &[("at", at)])
        }
        PublishProblem::Template(TemplateError::DuplicateId(id)) => {
            i18n.format("templates.problem.duplicate", &[("id", id)])
        }
        PublishProblem::Template(TemplateError::NoCriteria) => {
            i18n.t("templates.problem.no_criteria")
        }
        PublishProblem::Template(TemplateError::ScaleNotContiguous)
        | PublishProblem::ScaleValues => i18n.t("templates.problem.scale"),
        PublishProblem::OtherTemplate(_) => i18n.t("templates.problem.not_ours"),
        PublishProblem::Unchanged => i18n.t("templates.problem.unchanged"),
    }
}
