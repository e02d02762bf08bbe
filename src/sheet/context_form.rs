//! The lesson's context, agreed before it starts (8.1.3).

use leptos::prelude::*;
use vero_domain::Priority;

use super::doc::SheetDoc;
use super::fields::{KindSelect, SheetField};
use crate::i18n::{tr, use_i18n};
use crate::sync::use_people;

#[component]
pub fn ContextForm(doc: SheetDoc) -> impl IntoView {
    let people = use_people();
    // The name as typed, and the account when the name is one from the directory.
    let set_teacher = move |o: &mut vero_domain::Observation, name: String| {
        o.context.teacher_id = people.id_for(&name);
        o.context.teacher = name;
    };
    view! {
        <section class="card context" data-section="context">
            <div class="field">
                <KindSelect id="ctx-kind"
                    current=Memo::new(move |_| doc.obs.with(|o| o.kind)).into()
                    disabled=Signal::derive(move || doc.read_only.get())
                    on_pick=move |kind| doc.edit(|o| o.kind = kind)/>
            </div>
            <div class="grid">
                <SheetField doc=doc label="field.teacher" id="ctx-teacher" list="people"
                    get=|o| &o.context.teacher set=set_teacher/>
                <SheetField doc=doc label="field.class" id="ctx-class"
                    get=|o| &o.context.class set=|o, v| o.context.class = v/>
                <SheetField doc=doc label="field.subject" id="ctx-subject"
                    get=|o| &o.context.subject set=|o, v| o.context.subject = v/>
                <SheetField doc=doc label="field.topic" id="ctx-topic"
                    get=|o| &o.context.topic set=|o, v| o.context.topic = v/>
                <SheetField doc=doc label="field.date" id="ctx-date" kind="date"
                    get=|o| &o.context.date set=|o, v| o.context.date = v/>
                <SheetField doc=doc label="field.time" id="ctx-time" kind="time"
                    get=|o| &o.context.time set=|o, v| o.context.time = v/>
                <SheetField doc=doc label="field.school" id="ctx-school"
                    get=|o| &o.context.school set=|o, v| o.context.school = v/>
                <SheetField doc=doc label="field.observer" id="ctx-observer"
                    get=|o| &o.context.observer set=|o, v| o.context.observer = v/>
            </div>
            <SheetField doc=doc label="field.intended_outcome" id="ctx-outcome" multiline=true
                get=|o| &o.context.intended_outcome set=|o, v| o.context.intended_outcome = v/>
            <SheetField doc=doc label="field.goal" id="ctx-goal" multiline=true
                get=|o| &o.context.goal set=|o, v| o.context.goal = v/>
            <Priorities doc=doc/>
        </section>
    }
}

#[component]
fn Priorities(doc: SheetDoc) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="chips">
            <legend>{tr("field.priorities")}</legend>
            {Priority::ALL.into_iter().map(|p| {
                let on = Memo::new(move |_| doc.obs.with(|o| o.context.priorities.contains(&p)));
                view! {
                    <button type="button" class="chip" aria-pressed=move || on.get().to_string()
                        disabled=move || doc.read_only.get()
                        on:click=move |_| doc.edit(|o| {
                            let list = &mut o.context.priorities;
                            match list.iter().position(|x| *x == p) {
                                Some(i) => { list.remove(i); }
                                None => list.push(p),
                            }
                        })>
                        {move || i18n.t(&format!("priority.{}", p.id()))}
                    </button>
                }
            }).collect_view()}
        </fieldset>
    }
}
