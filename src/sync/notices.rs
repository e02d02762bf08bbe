//! After a sync, a short word of what arrived: a teacher hears of new feedback, an
//! observer that a teacher read, reflected on or answered her sheet. What was told is
//! kept in the account's database, so each thing is told once, on whichever visit.

use leptos::prelude::*;
use vero_domain::notices::{forget, tell, Notice, Told};

use crate::i18n::{tr, use_i18n};
use crate::platform::now_ms;
use crate::store::{Store, META};

const KEY: &str = "told";
/// A long absence does not fill the screen: the newest few, the rest are on the home.
const AT_MOST: usize = 5;

#[derive(Clone, Copy)]
pub struct Notices {
    pub list: RwSignal<Vec<Notice>>,
}

pub fn provide() -> Notices {
    let notices = Notices {
        list: RwSignal::new(Vec::new()),
    };
    provide_context(notices);
    notices
}

impl Notices {
    /// `synced`: the records the sync brought; `gone`: those it removed.
    pub async fn after_sync(self, store: &Store, me: &str, synced: &[String], gone: &[String]) {
        let Ok(kept) = store.get::<Told>(META, KEY).await else {
            return;
        };
        // The first sync on a device tells nothing of what happened before it.
        let Some(mut told) = kept else {
            let _ = store.put(META, KEY, &Told::starting(now_ms())).await;
            return;
        };
        if synced.is_empty() && gone.is_empty() {
            return;
        }
        forget(&mut told, gone);
        let records = store.observations_by_id(synced).await.unwrap_or_default();
        let changed: Vec<_> = records.iter().flatten().collect();
        let fresh = tell(me, &changed, &mut told);
        if store.put(META, KEY, &told).await.is_err() || fresh.is_empty() {
            return;
        }
        let _ = self.list.try_update(|list| {
            let mut all = fresh;
            all.append(list);
            all.truncate(AT_MOST);
            *list = all;
        });
    }

    pub fn clear(self) {
        let _ = self.list.try_set(Vec::new());
    }
}

/// The notices, under the app bar until closed.
#[component]
pub fn NoticeList() -> impl IntoView {
    let i18n = use_i18n();
    let notices = expect_context::<Notices>();
    let items = move || {
        notices
            .list
            .get()
            .into_iter()
            .map(|n| {
                let text = i18n.format(
                    &format!("notice.{}", n.what.id()),
                    &[("name", &n.name), ("title", &n.title)],
                );
                let record = n.record.clone();
                let at = n.at;
                view! {
                    <li class="notice" data-what=n.what.id() data-record=n.record.clone()>
                        <a href=format!("/sheet/{}", n.record)>{text}</a>
                        <button type="button" class="secondary close"
                            aria-label=move || i18n.t("notice.close")
                            on:click=move |_| notices.list.update(|l| l.retain(|x| !(x.record == record && x.at == at)))>
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section id="notices" role="status" aria-live="polite" aria-label=tr("notice.region")
            class:empty=move || notices.list.with(Vec::is_empty)>
            <ul>{items}</ul>
        </section>
    }
}
