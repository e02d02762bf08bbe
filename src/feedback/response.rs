//! The observed teacher's answer to a sheet shared with them: a self-reflection and
//! "iepazinos" (I have read it — not that I agree).

use leptos::prelude::*;

use crate::i18n::{tr, use_i18n};
use crate::platform::now_ms;
use crate::sheet::conflicts::{ConflictList, Part};
use crate::sheet::doc::SheetDoc;
use crate::sheet::local_time_text;

#[component]
pub fn TeacherResponse(doc: SheetDoc) -> impl IntoView {
    let i18n = use_i18n();
    let reflection = doc.text(|o| &o.reflection);
    let sync = crate::sync::use_sync();
    let acknowledged = Memo::new(move |_| doc.obs.with(|o| o.acknowledged_at));
    let acknowledge = move |_| {
        doc.respond(|o| {
            o.acknowledged_at.get_or_insert(now_ms());
        });
        sync.sync_now();
    };
    view! {
        // The observer sees the teacher's answer once there is one.
        <Show when=move || doc.may_respond.get() || !reflection.get().is_empty() || acknowledged.get().is_some()>
            <section class="card response" id="teacher-response">
                <label for="reflection">{tr("response.reflection")}</label>
                <textarea id="reflection" rows="4" prop:value=reflection
                    readonly=move || !doc.may_respond.get()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        doc.respond(|o| o.reflection = text);
                    }></textarea>
                <ConflictList doc=doc part=Part::TeacherAnswer/>
                {move || match acknowledged.get() {
                    Some(at) => view! {
                        <p class="acknowledged" id="acknowledged">
                            {i18n.format("response.acknowledged", &[("time", &local_time_text(at, i18n.lang.get()))])}
                        </p>
                    }
                    .into_any(),
                    None if !doc.may_respond.get() => ().into_any(),
                    None => view! {
                        <button type="button" class="primary" id="acknowledge" on:click=acknowledge>
                            {tr("response.acknowledge")}
                        </button>
                        <p class="muted">{tr("response.acknowledge_means")}</p>
                    }
                    .into_any(),
                }}
            </section>
        </Show>
    }
}
