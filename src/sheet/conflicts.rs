//! Fields of the open sheet that two devices gave different values: each value with who
//! wrote it and when, and "Paturēt šo" to keep it. Shown where the person works on the
//! record: the sheet's own fields to its author above the sheet, the teacher's answer
//! to the teacher beside it (`feedback`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::sync::conflict::Conflict;
use vero_domain::sync::fields::to_fields;
use vero_domain::sync::{class_of, FieldClass};

use super::conflict_text::{value_text, written_by};
use super::doc::SheetDoc;
use crate::i18n::fields::field_name;
use crate::i18n::use_i18n;
use crate::sync::codec::BrowserJson;
use crate::sync::{use_sync, SyncState};

/// Reads the conflicts of the open sheet into `doc.conflicts`: when it opens, after
/// each sync, after a value is kept.
pub fn reload(sync: SyncState, doc: SheetDoc, me: String) {
    let id = doc.obs.with_untracked(|o| o.id.clone());
    spawn_local(async move {
        let list = sync.conflicts_of(&id, &me).await;
        let _ = doc.conflicts.try_set(list);
    });
}

pub fn signed_in_user() -> String {
    crate::session::me().id
}

/// Which part of the sheet a list covers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Sheet,
    TeacherAnswer,
}

fn part_of(path: &str) -> Part {
    match class_of(path) {
        Some(FieldClass::Teacher) => Part::TeacherAnswer,
        _ => Part::Sheet,
    }
}

#[component]
pub fn ConflictList(doc: SheetDoc, part: Part) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let me = signed_in_user();
    let id = match part {
        Part::Sheet => "conflicts",
        Part::TeacherAnswer => "answer-conflicts",
    };
    // One reactive block, redrawn when the conflicts or the language change: simpler
    // markup than a signal per text, and less code to download.
    move || {
        i18n.lang.track();
        let list: Vec<Conflict> = doc.conflicts.with(|all| {
            all.iter()
                .filter(|c| part_of(&c.path) == part)
                .cloned()
                .collect()
        });
        (!list.is_empty()).then(|| {
            // What the sheet holds now, to point out that value among the others.
            let in_sheet = doc.obs.with_untracked(to_fields::<BrowserJson>);
            let fields: Vec<_> = list
                .into_iter()
                .map(|c| {
                    let now = in_sheet.get(&c.path).map_or("null", String::as_str);
                    conflict_field(doc, c, now, &me, sync)
                })
                .collect();
            view! {
                <section class="card conflicts" id=id role="alert">
                    <h2>{i18n.t("conflict.title")}</h2>
                    <p>{i18n.t("conflict.intro")}</p>
                    {fields}
                </section>
            }
        })
    }
}

/// One field's values; `in_sheet` is the one the sheet shows.
fn conflict_field(
    doc: SheetDoc,
    conflict: Conflict,
    in_sheet: &str,
    me: &str,
    sync: SyncState,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let path = conflict.path;
    let values: Vec<_> = conflict
        .values
        .into_iter()
        .map(|head| {
            let marker = (head.value == in_sheet).then(|| i18n.t("conflict.in_sheet"));
            let text = value_text(&path, &head.value, i18n);
            let by = written_by(&head.by, head.at, me, i18n);
            let (path, me, value) = (path.clone(), me.to_owned(), head.value);
            let keep = move |_| {
                busy.set(true);
                let id = doc.obs.with_untracked(|o| o.id.clone());
                let again = me.clone();
                let done = move || {
                    reload(sync, doc, again);
                    let _ = busy.try_set(false);
                };
                sync.keep_value(me.clone(), id, path.clone(), value.clone(), done);
            };
            view! {
                <li class="conflict-value">
                    <p class="conflict-text">{text}</p>
                    <p class="muted">{by}</p>
                    <p class="in-sheet">{marker}</p>
                    <button type="button" class="keep" on:click=keep
                        disabled=move || busy.get() || (doc.read_only.get() && !doc.may_respond.get())>
                        {i18n.t("conflict.keep")}
                    </button>
                </li>
            }
        })
        .collect();
    view! {
        <article class="conflict" data-path=path.clone()>
            <h3>{field_name(&path, i18n)}</h3>
            <ul>{values}</ul>
        </article>
    }
}
