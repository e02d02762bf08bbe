//! `/sheet/:id`: opens a sheet from the device and takes this tab's edit lock for it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::{Observation, Status};

use super::closing::ClosingForm;
use super::conflicts::{reload, signed_in_user, ConflictList, Part};
use super::context_form::ContextForm;
use super::doc::SheetDoc;
use super::header::SheetHeader;
use super::notes::NotesPanel;
use super::sections::{SectionTabs, SectionView};
use super::template_for;
use crate::i18n::tr;
use crate::platform::TabLock;
use crate::store::live::{use_live_sheets, LiveSheets};
use crate::sync::use_sync;

#[derive(Clone)]
enum Loaded {
    Loading,
    Missing,
    UnknownTemplate,
    Ready(SheetDoc),
}

/// This tab's edit lock for the sheet, as far as it knows.
#[derive(Clone, Copy, PartialEq)]
enum Lock {
    Asked,
    /// Granted at once: nobody was editing, so the sheet as read is the newest.
    Free,
    /// Another tab has it; this one waits.
    Taken,
    /// Granted after waiting, before the sheet was loaded: it is read again.
    Waited,
}

#[component]
pub fn SheetPage(id: String) -> impl IntoView {
    let loaded = RwSignal::new(Loaded::Loading);
    let me = signed_in_user();
    let live = use_live_sheets();
    let open_id = id.clone();
    // Only one tab edits a sheet; another one shows it read-only until then. The lock is
    // asked for while the sheet is read, not after: a cold start waits for one, not both.
    let state = StoredValue::new_local(Lock::Asked);
    let held = {
        let (id, me) = (id.clone(), me.clone());
        TabLock::hold(&format!("vero-sheet-{id}"), move |mine| {
            let doc = match loaded.try_get_untracked() {
                Some(Loaded::Ready(doc)) => Some(doc),
                _ => None,
            };
            match (mine, doc) {
                (false, doc) => {
                    state.try_set_value(Lock::Taken);
                    if let Some(doc) = doc {
                        let _ = doc.read_only.try_set(true);
                    }
                }
                (true, None) => {
                    state.try_update_value(|s| {
                        *s = if *s == Lock::Asked {
                            Lock::Free
                        } else {
                            Lock::Waited
                        }
                    });
                }
                (true, Some(doc)) => take_over(live, doc, id.clone(), me.clone()),
            }
        })
    };
    let lock = StoredValue::new_local(Some(held));

    spawn_local(async move {
        let found = read(live, &id).await;
        let Some(obs) = found.filter(|o| o.deleted_at.is_none()) else {
            let _ = loaded.try_set(Loaded::Missing);
            return;
        };
        if template_for(&obs.template).is_none() {
            let _ = loaded.try_set(Loaded::UnknownTemplate);
            return;
        }
        // Another person's sheet (one shared with this account) is shown, not edited.
        let own_sheet = obs.author.is_empty() || obs.author == me;
        let doc = SheetDoc::new(obs, own_sheet, live);
        let Some(lock_state) = state.try_get_value() else {
            return; // the screen was left while the sheet loaded
        };
        if lock_state == Lock::Free {
            editable(doc, &me);
        }
        if loaded.try_set(Loaded::Ready(doc)).is_some() {
            return;
        }
        live.opened(&id, doc.obs);
        if lock_state == Lock::Waited {
            take_over(live, doc, id, me);
        }
    });
    on_cleanup(move || {
        lock.set_value(None);
        live.closed(&open_id);
    });

    move || match loaded.get() {
        Loaded::Loading => view! { <p class="loading">{tr("app.loading")}</p> }.into_any(),
        Loaded::Missing => view! {
            <section class="card"><h1>{tr("sheet.missing")}</h1>
            <a href="/drafts">{tr("drafts.title")}</a></section>
        }
        .into_any(),
        Loaded::UnknownTemplate => {
            view! { <p class="card warning">{tr("sheet.unknown_template")}</p> }.into_any()
        }
        Loaded::Ready(doc) => view! { <SheetEditor doc=doc/> }.into_any(),
    }
}

/// This tab got the lock after another tab had it: the sheet as that tab left it, then
/// editable.
fn take_over(live: LiveSheets, doc: SheetDoc, id: String, me: String) {
    spawn_local(async move {
        if let Some(latest) = read(live, &id).await {
            let _ = doc.obs.try_set(latest);
        }
        editable(doc, &me);
    });
}

/// Lets this tab edit its own sheet, or respond to one about the signed-in teacher.
fn editable(doc: SheetDoc, me: &str) {
    let observed = !me.is_empty() && doc.obs.with_untracked(|o| o.context.teacher_id == me);
    let _ = doc.read_only.try_set(!doc.mine);
    let _ = doc.may_respond.try_set(!doc.mine && observed);
    let _ = doc
        .may_comment
        .try_set(!doc.mine && !observed && !me.is_empty());
}

/// The newest version: one still on its way to IndexedDB wins over the stored one.
pub(crate) async fn read(live: LiveSheets, id: &str) -> Option<Observation> {
    // (Not the screen's copy: it may be this very screen's, older one.)
    if let Some(newest) = live.unsaved(id) {
        return Some(newest);
    }
    live.store()?.observation(id).await.ok().flatten()
}

#[component]
fn SheetEditor(doc: SheetDoc) -> impl IntoView {
    let current = RwSignal::new("context".to_owned());
    let sync = use_sync();
    let me = signed_in_user();
    // A sync may have brought values from another device, or taken a choice in.
    Effect::new(move |_| {
        sync.last_ok.track();
        reload(sync, doc, me.clone());
    });
    view! {
        <div class="sheet">
            <SheetHeader doc=doc/>
            <crate::feedback::FollowsNote doc=doc/>
            <crate::open_lessons::OpenLessonNote doc=doc/>
            <Show when=move || doc.mine && doc.read_only.get()>
                <p class="card notice" role="status" id="read-only">{tr("sheet.read_only")}</p>
            </Show>
            <Show when=move || !doc.mine>
                <p class="card notice" id="shared-with-you">{tr("sheet.shared_with_you")}</p>
            </Show>
            <ConflictList doc=doc part=Part::Sheet/>
            <crate::feedback::TeacherResponse doc=doc/>
            <crate::feedback::SelfRating doc=doc/>
            // After sharing: the next steps, the comments, where it stands and its history.
            <Show when=move || doc.obs.with(|o| o.status != Status::Draft || !o.events.is_empty())>
                <crate::feedback::NextSteps doc=doc/>
                <crate::feedback::Comments doc=doc/>
                <crate::feedback::WorkflowPanel doc=doc/>
            </Show>
            <div class="sheet-body">
                <div class="sheet-main">
                    <SectionTabs doc=doc current=current/>
                    {move || match current.get().as_str() {
                        "context" => view! { <ContextForm doc=doc/> }.into_any(),
                        "closing" => view! { <ClosingForm doc=doc/> }.into_any(),
                        id => view! { <SectionView doc=doc section=id.to_owned()/> }.into_any(),
                    }}
                </div>
                <NotesPanel doc=doc current=current/>
            </div>
            // On a phone the notes sit below the sheet; this keeps them one tap away.
            <button type="button" class="jump-notes" id="jump-notes" on:click=|_| focus_note()>
                {tr("notes.jump")}
            </button>
        </div>
    }
}

fn focus_note() {
    use wasm_bindgen::JsCast;
    let field = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("note-text"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(field) = field {
        field.scroll_into_view();
        let _ = field.focus();
    }
}
