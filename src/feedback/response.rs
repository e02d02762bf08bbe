//! The observed teacher's answer to a sheet shared with them: "iepazinos" (I have read
//! it — not that I agree), what the observer changed since, and the self-reflection.

use leptos::prelude::*;
use vero_domain::workflow::{Act, Refusal};

use super::act::{take, RefusalNote};
use crate::i18n::fields::field_name;
use crate::i18n::{tr, use_i18n};
use crate::sheet::conflict_text::value_text;
use crate::sheet::conflicts::{ConflictList, Part};
use crate::sheet::doc::SheetDoc;
use crate::sheet::local_time_text;

#[component]
pub fn TeacherResponse(doc: SheetDoc) -> impl IntoView {
    let i18n = use_i18n();
    let reflection = doc.text(|o| &o.reflection);
    let workflow = doc.workflow;
    let acknowledged = Memo::new(move |_| workflow.with(|w| w.acknowledged_at));
    let unread = Memo::new(move |_| workflow.with(|w| w.unread_amendments()));
    let reflected = Memo::new(move |_| workflow.with(|w| w.reflected_at));
    let problem = RwSignal::new(None::<Refusal>);
    let act = move |a: Act| problem.set(take(doc, a).err());
    let amendments = move || {
        let lang = i18n.lang.get();
        workflow.with(|w| {
            w.amendments
                .iter()
                .filter(|a| !a.changes.is_empty())
                .map(|a| {
                    let changes = a
                        .changes
                        .iter()
                        .map(|(path, c)| view! {
                            <li>
                                <strong>{field_name(path, i18n)}</strong>": "
                                <del>{value_text(path, &c.before, i18n)}</del>" → "
                                <ins>{value_text(path, &c.after, i18n)}</ins>
                            </li>
                        })
                        .collect_view();
                    let when = i18n.format("amended.when", &[("time", &local_time_text(a.at, lang))]);
                    view! {
                        <li class="amendment" data-unread=a.unread.to_string()>
                            <p>{when}{a.unread.then(|| view! { " " <span class="badge">{tr("amended.new")}</span> })}</p>
                            <ul>{changes}</ul>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let has_amendments =
        Memo::new(move |_| workflow.with(|w| w.amendments.iter().any(|a| !a.changes.is_empty())));
    view! {
        // The observer sees the teacher's answer once there is one.
        <Show when=move || doc.may_respond.get() || !reflection.get().is_empty() || acknowledged.get().is_some()>
            <section class="card response" id="teacher-response">
                {move || match acknowledged.get() {
                    Some(at) if !unread.get() => view! {
                        <p class="acknowledged" id="acknowledged">
                            {i18n.format("response.acknowledged", &[("time", &local_time_text(at, i18n.lang.get()))])}
                        </p>
                    }
                    .into_any(),
                    _ if !doc.may_respond.get() => ().into_any(),
                    seen => view! {
                        <button type="button" class="primary" id="acknowledge" on:click=move |_| act(Act::Acknowledged)>
                            {if seen.is_some() { tr("response.acknowledge_changes") } else { tr("response.acknowledge") }}
                        </button>
                        <p class="muted">{tr("response.acknowledge_means")}</p>
                    }
                    .into_any(),
                }}
                <Show when=move || has_amendments.get()>
                    <div class="amendments" id="amendments">
                        <h3>{tr("amended.title")}</h3>
                        <ol>{amendments}</ol>
                    </div>
                </Show>
                <label for="reflection">{tr("response.reflection")}</label>
                <textarea id="reflection" rows="4" prop:value=reflection
                    readonly=move || !doc.may_respond.get()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        doc.respond(|o| o.reflection = text);
                    }></textarea>
                <ConflictList doc=doc part=Part::TeacherAnswer/>
                <Show when=move || doc.may_respond.get() && acknowledged.get().is_some()>
                    {move || match reflected.get() {
                        Some(at) => view! {
                            <p class="muted" id="reflected">{i18n.format("response.reflected", &[("time", &local_time_text(at, i18n.lang.get()))])}</p>
                        }.into_any(),
                        None => view! {
                            <button type="button" id="reflection-done"
                                disabled=move || reflection.get().trim().is_empty()
                                on:click=move |_| act(Act::Reflected)>{tr("response.reflection_done")}</button>
                        }.into_any(),
                    }}
                </Show>
                <RefusalNote problem=problem/>
            </section>
        </Show>
    }
}
