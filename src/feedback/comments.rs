//! Comments of mentors, consultants and management on a sheet they may read: each
//! person's own comment, which they may change; the teacher reads every one.

use leptos::prelude::*;
use vero_domain::observation::Comment;

use super::act::me;
use crate::i18n::{tr, use_i18n};
use crate::platform::now_ms;
use crate::sheet::doc::SheetDoc;
use crate::sheet::local_time_text;

#[component]
pub fn Comments(doc: SheetDoc) -> impl IntoView {
    let i18n = use_i18n();
    let me = me();
    let mine = {
        let id = me.id.clone();
        Memo::new(move |_| {
            doc.obs.with(|o| {
                o.comments
                    .get(&id)
                    .map(|c| c.text.clone())
                    .unwrap_or_default()
            })
        })
    };
    let draft = RwSignal::new(mine.get_untracked());
    let saved = RwSignal::new(false);
    let list =
        move || {
            let lang = i18n.lang.get();
            doc.obs.with(|o| {
                o.comments
                .values()
                .filter(|c| !c.text.trim().is_empty())
                .map(|c| view! {
                    <li class="comment">
                        <p>{c.text.clone()}</p>
                        <p class="muted">{c.name.clone()}" · "{local_time_text(c.at, lang)}</p>
                    </li>
                })
                .collect_view()
            })
        };
    let empty = Memo::new(move |_| {
        doc.obs
            .with(|o| o.comments.values().all(|c| c.text.trim().is_empty()))
    });
    let submit = {
        let me = me.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let text = draft.get_untracked().trim().to_owned();
            let (id, name) = (me.id.clone(), me.name.clone());
            doc.comment(move |o| {
                o.comments.insert(
                    id,
                    Comment {
                        name,
                        text,
                        at: now_ms(),
                    },
                );
            });
            crate::sync::use_sync().sync_now();
            saved.set(true);
        }
    };
    view! {
        <section class="card comments" id="comments" aria-labelledby="comments-title">
            <h2 id="comments-title">{tr("comments.title")}</h2>
            <Show when=move || !empty.get() fallback=|| view! { <p class="muted">{tr("comments.none")}</p> }>
                <ul class="comment-list">{list}</ul>
            </Show>
            <Show when=move || doc.may_comment.get()>
                <form class="comment-form" on:submit=submit.clone()>
                    <label for="comment-text">{tr("comments.yours")}</label>
                    <textarea id="comment-text" rows="3" prop:value=draft
                        on:input=move |ev| { saved.set(false); draft.set(event_target_value(&ev)) }></textarea>
                    <p class="muted">{tr("comments.teacher_sees")}</p>
                    <button type="submit" id="comment-save">{tr("comments.save")}</button>
                    <Show when=move || saved.get()>
                        <span role="status" class="muted">{tr("comments.saved")}</span>
                    </Show>
                </form>
            </Show>
        </section>
    }
}
