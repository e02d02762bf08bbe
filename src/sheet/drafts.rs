//! Melnraksti: the sheets on this device, newest first, with how complete each is.
//! Deleting asks first and can be undone.

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::access::{listing, Listing};
use vero_domain::Observation;

use super::{local_time_text, sheet_template};
use crate::homes::filter::FilteredList;
use crate::i18n::{tr, use_i18n, I18n};
use crate::nav::Redirect;
use crate::platform::{now_ms, storage_info};
use crate::session::use_auth;
use crate::store::live::use_live_sheets;
use crate::store::writer::SaveStatus;
use crate::sync::{use_sync, AttentionList, SyncState};

/// `/drafts`, for any signed-in person (every teacher observes colleagues).
#[component]
pub fn DraftsPage() -> impl IntoView {
    let auth = use_auth();
    move || match auth.session.get() {
        None => view! { <Redirect path="/sign-in".to_owned()/> }.into_any(),
        Some(_) => view! { <Drafts/> }.into_any(),
    }
}

#[component]
pub fn Drafts() -> impl IntoView {
    let i18n = use_i18n();
    let status = expect_context::<SaveStatus>();
    let sheets = RwSignal::new(None::<Vec<Observation>>);
    let undo = RwSignal::new(None::<Observation>);
    let storage = RwSignal::new(None::<String>);
    let sync = use_sync();
    let live = use_live_sheets();
    let me = use_auth()
        .session
        .get_untracked()
        .map(|s| s.user.id)
        .unwrap_or_default();

    let reload = move || {
        spawn_local(async move {
            if let Some(store) = live.store() {
                if let Ok(mut list) = store.observations().await {
                    // A sheet just edited may still be on its way to the store.
                    for sheet in list.iter_mut() {
                        if let Some(newer) = live.unsaved(&sheet.id) {
                            *sheet = newer;
                        }
                    }
                    let _ = sheets.try_set(Some(list));
                }
            }
        });
    };
    // A sync may have brought new versions.
    Effect::new(move |_| {
        sync.last_ok.track();
        reload();
    });
    spawn_local(async move {
        let info = storage_info().await;
        if let (Some(usage), Some(quota)) = (info.usage, info.quota) {
            let text = move || {
                // Tenths by integer arithmetic: float formatting would add kilobytes
                // to the download for this one line.
                let mb = |b: f64| {
                    let tenths = (b / 104_857.6).round() as u64;
                    format!("{}.{}", tenths / 10, tenths % 10)
                };
                let key = if info.persisted == Some(true) {
                    "storage.persisted"
                } else {
                    "storage.not_persisted"
                };
                i18n.format(key, &[("used", &mb(usage)), ("quota", &mb(quota))])
            };
            let _ = storage.try_set(Some(text()));
        }
    });

    let remove = move |obs: Observation| {
        if !confirm(&i18n.t("drafts.confirm_delete")) {
            return;
        }
        let mut gone = obs.clone();
        gone.deleted_at = Some(now_ms());
        gone.updated_at = now_ms();
        live.save(gone.clone());
        sheets.update(|l| replace(l, gone));
        undo.set(Some(obs));
    };
    let restore = move |_| {
        if let Some(mut obs) = undo.get_untracked() {
            obs.deleted_at = None;
            obs.updated_at = now_ms();
            live.save(obs.clone());
            sheets.update(|l| replace(l, obs));
            undo.set(None);
        }
    };

    // Sheets others shared with this person are not their drafts.
    let mine = Memo::new(move |_| {
        sheets.with(|list| {
            list.as_ref().map(|list| {
                list.iter()
                    .filter(|o| listing(&me, o) == Listing::Mine)
                    .cloned()
                    .collect::<Vec<Observation>>()
            })
        })
    });
    let drafts = FilteredList::new(mine);
    let rows = move || {
        drafts.rows(i18n, ("drafts", "drafts"), move |o, lang| {
            draft_row(o.clone(), lang, i18n, sync, remove)
        })
    };
    let any = Memo::new(move |_| mine.with(|l| l.as_ref().map(|l| !l.is_empty())));
    let list = move || match any.get() {
        None => None,
        Some(false) => {
            Some(view! { <p class="muted" id="no-drafts">{tr("drafts.empty")}</p> }.into_any())
        }
        Some(true) => Some(view! { {drafts.bar("drafts")} {rows} }.into_any()),
    };

    view! {
        <section class="card drafts-card">
            <div class="drafts-head">
                <h2>{tr("drafts.title")}</h2>
                <a href="/sheet/new" class="button primary" id="new-sheet">{tr("drafts.new")}</a>
            </div>
            <Show when=move || status.failing.get().is_some()>
                <p class="warning" role="alert">{move || i18n.t(if status.failing.get() == Some(true) { "save.quota" } else { "save.failed" })}</p>
            </Show>
            <AttentionList/>
            {list}
            <p class="muted storage" id="storage">{move || storage.get()}</p>
            <Show when=move || undo.get().is_some()>
                <div class="toast" role="status">
                    <span>{tr("drafts.deleted")}</span>
                    <button type="button" id="undo-delete" on:click=restore>{tr("drafts.undo")}</button>
                </div>
            </Show>
        </section>
    }
}

fn replace(list: &mut Option<Vec<Observation>>, obs: Observation) {
    if let Some(list) = list {
        if let Some(slot) = list.iter_mut().find(|o| o.id == obs.id) {
            *slot = obs;
        }
    }
}

fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// One of her sheets: its title, type, when last edited, how complete, whether it is
/// on the server, its stage; "Dzēst" until the teacher has read it.
fn draft_row(
    o: Observation,
    lang: vero_domain::Lang,
    i18n: I18n,
    sync: SyncState,
    remove: impl Fn(Observation) + Copy + Send + Sync + 'static,
) -> AnyView {
    let p = o.progress(sheet_template(&o));
    let title = o.title();
    let edited = i18n.format(
        "drafts.edited",
        &[("time", &local_time_text(o.updated_at, lang))],
    );
    let progress = i18n.format(
        "sheet.progress",
        &[
            ("rated", &p.rated.to_string()),
            ("total", &p.total.to_string()),
        ],
    );
    let kind = i18n.t(&format!("kind.{}", o.kind.id()));
    let href = format!("/sheet/{}", o.id);
    let id = o.id.clone();
    let state_id = StoredValue::new(o.id.clone());
    let state = move || state_id.with_value(|id| sync.status_of(id).key());
    let saved = move || i18n.t(&format!("status.{}", state()));
    // Once the teacher has read it, a sheet is withdrawn (leaving them a
    // trace), never deleted.
    let workflow = o.workflow();
    let stage = workflow.stage();
    let deletable = workflow.acknowledged_at.is_none();
    let stage_text = (stage != vero_domain::workflow::Stage::Draft)
        .then(|| view! { " · "<span class="stage" data-stage=stage.id()>{i18n.t(&format!("stage.{}", stage.id()))}</span> });
    view! {
        <li class="draft" data-id=id>
            <a href=href class="draft-open">
                <strong>{if title.is_empty() { kind.clone() } else { title }}</strong>
                <span class="muted">{kind}" · "{edited}</span>
                <span class="draft-progress">{progress}" · "
                    <span class="sync-status" data-status=state>{saved}</span>
                    {stage_text}
                </span>
            </a>
            {deletable.then(|| view! {
                <button type="button" class="danger" on:click=move |_| remove(o.clone())>
                    {tr("drafts.delete")}
                </button>
            })}
        </li>
    }
    .into_any()
}
