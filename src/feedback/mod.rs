//! Observations other people shared with this account: a teacher's feedback, what a
//! mentor, consultant or the school's management may follow. Read on a phone as often
//! as on a tablet.

mod response;

pub use response::TeacherResponse;

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::{Observation, Status};

use crate::i18n::{tr, use_i18n};
use crate::session::use_auth;
use crate::sheet::local_time_text;
use crate::store::Store;
use crate::sync::use_sync;

#[component]
pub fn SharedWithMe() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let me = use_auth()
        .session
        .get_untracked()
        .map(|s| s.user.id)
        .unwrap_or_default();
    let sheets = RwSignal::new(None::<Vec<Observation>>);
    // Reloaded after each sync: that is how new ones arrive.
    Effect::new(move |_| {
        sync.last_ok.track();
        let me = me.clone();
        spawn_local(async move {
            let Ok(store) = Store::shared().await else {
                return;
            };
            if let Ok(list) = store.observations().await {
                let theirs = list
                    .into_iter()
                    .filter(|o| {
                        !o.author.is_empty()
                            && o.author != me
                            && o.deleted_at.is_none()
                            && o.status == Status::Shared
                    })
                    .collect();
                let _ = sheets.try_set(Some(theirs));
            }
        });
    });
    let rows = move || {
        let lang = i18n.lang.get();
        sheets.get().map(|list| {
            if list.is_empty() {
                return view! { <p class="muted" id="no-shared">{tr("shared.empty")}</p> }.into_any();
            }
            view! {
                <ul class="drafts" id="shared-list">
                    {list.into_iter().map(|o| {
                        let c = &o.context;
                        let title = o.title();
                        let kind = i18n.t(&format!("kind.{}", o.kind.id()));
                        let by = i18n.format("shared.by", &[("observer", &c.observer), ("date", &c.date)]);
                        let edited = local_time_text(o.updated_at, lang);
                        view! {
                            <li class="draft shared" data-id=o.id.clone()>
                                <a href=format!("/sheet/{}", o.id) class="draft-open">
                                    <strong>{title}</strong>
                                    <span class="muted">{kind}" · "{by}</span>
                                    <span class="muted">{edited}</span>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })
    };
    view! {
        <section class="card drafts-card">
            <h2>{tr("shared.title")}</h2>
            {rows}
        </section>
    }
}
