//! "Nepieciešama uzmanība": changes the server refused, each with its reason in plain
//! words, and what the person can do: send again, or take the server's version; and
//! records where two devices gave a field different values, to open and choose.

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::sync::device::merge;
use vero_domain::sync::wire::shown;

use vero_domain::sync::device::Attention;

use super::codec::BrowserJson;
use super::{use_sync, SyncState};
use crate::i18n::fields::field_name;
use crate::i18n::{tr, use_i18n};
use crate::platform::now_ms;
use crate::store::{Op, StoreError, ATTENTION, SYNCED};

#[component]
pub fn AttentionList() -> impl IntoView {
    let sync = use_sync();
    let i18n = use_i18n();
    let reason = move |a: &Attention| match a.error.as_str() {
        "forbidden" => i18n.t("attention.forbidden"),
        "not_found" => i18n.t("attention.not_found"),
        "retention" => i18n.t("attention.retention"),
        _ => i18n.format("attention.refused", &[("message", &a.message)]),
    };
    // Each sync sets the list again; the items are built again only when it changed.
    let items = Memo::new(move |_| sync.attention.get());
    view! {
        <Show when=move || sync.attention.with(|a| !a.is_empty()) || sync.conflicts.with(|c| !c.is_empty())>
            <section class="card attention" id="attention">
                <h2>{tr("attention.title")}</h2>
                <ul>
                    {move || items.get().into_iter().map(|item| {
                            let id = item.record.clone();
                            let again = id.clone();
                            let href = format!("/sheet/{id}");
                            let short: String = id.chars().take(8).collect();
                            let data_id = id.clone();
                            view! {
                                <li class="attention-item" data-id=data_id>
                                    <a href=href>{short}</a>
                                    <p>{reason(&item)}</p>
                                    <button type="button" class="quiet"
                                        on:click=move |_| act(sync, again.clone(), Action::SendAgain)>
                                        {tr("attention.send_again")}
                                    </button>
                                    <button type="button" class="quiet"
                                        on:click=move |_| act(sync, id.clone(), Action::TakeServers)>
                                        {tr("attention.take_servers")}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    {move || sync.conflicts.get().into_iter().map(|note| {
                        i18n.lang.track();
                        let href = format!("/sheet/{}", note.record);
                        let title = match note.title.is_empty() {
                            true => note.record.chars().take(8).collect(),
                            false => note.title,
                        };
                        let names: Vec<String> = note.fields.iter().map(|p| field_name(p, i18n)).collect();
                        let names = i18n.format("attention.conflict", &[("fields", &names.join(", "))]);
                        view! {
                            <li class="attention-item conflict-item" data-id=note.record>
                                <a href=href>{title}</a>
                                <p>{names}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

#[derive(Clone, Copy)]
enum Action {
    /// Send every field that differs from what the server has.
    SendAgain,
    /// Drop the refused change here: show the server's version.
    TakeServers,
}

fn act(sync: SyncState, id: String, action: Action) {
    spawn_local(async move {
        if let Err(e) = resolve(sync, &id, action).await {
            leptos::logging::warn!("could not resolve {id}: {e}");
        }
        sync.refresh_lists().await;
        sync.sync_now();
    });
}

async fn resolve(sync: SyncState, id: &str, action: Action) -> Result<(), StoreError> {
    let store = sync
        .store()
        .ok_or_else(|| StoreError("signed out".into()))?;
    let ids = [id.to_owned()];
    let mut synced = store.synced(&ids).await?.remove(0);
    let local = store.observations_by_id(&ids).await?.remove(0);
    let mut ops = vec![Op::Delete {
        store: ATTENTION,
        key: id.to_owned(),
    }];
    match (action, synced.view.clone()) {
        (Action::TakeServers, Some(view)) => {
            let merged = merge::<BrowserJson>(&mut synced, view, &[], local.as_ref());
            sync.live.adopt(&merged);
            ops.push(Op::sheet(&merged)?);
        }
        (_, view) => {
            // What the server holds becomes the basis again; the local copy's
            // differences go out as a new patch on the next sync.
            synced.basis.clear();
            for (path, heads) in view.iter().flat_map(|v| &v.fields) {
                if let Some(head) = shown(heads) {
                    synced.basis.insert(path.clone(), head.value.clone());
                }
            }
            ops.push(Op::Mark {
                id: id.to_owned(),
                at: now_ms(),
            });
        }
    }
    ops.push(Op::put(SYNCED, None, &synced)?);
    store.apply(ops).await
}
