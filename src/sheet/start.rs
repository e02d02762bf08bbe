//! `/sheet/new`: a new sheet in a few taps — type, teacher, class, subject, goal.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use vero_domain::{Observation, ObservationKind, Role};

use super::fields::KindSelect;
use super::{latest_template, local_date_time};
use crate::i18n::tr;
use crate::platform::{new_id, now_ms};
use crate::session::use_auth;
use crate::store::live::use_live_sheets;
use crate::sync::use_people;

/// The type a person usually observes in, by their role.
fn usual_kind(role: Role) -> ObservationKind {
    match role {
        Role::Mentor => ObservationKind::Mentor,
        Role::Consultant => ObservationKind::Consultant,
        Role::EdtechMentor => ObservationKind::EdtechMentor,
        Role::Specialist | Role::Admin => ObservationKind::Specialist,
        _ => ObservationKind::Peer,
    }
}

#[component]
pub fn StartSheet() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let user = auth.session.get_untracked().map(|s| s.user);
    // The teacher typed is looked up in the directory kept on the device; right after a
    // start, sync may not have read it yet.
    let people = use_people();
    let live = use_live_sheets();
    leptos::task::spawn_local(people.load());
    let kind = RwSignal::new(
        user.as_ref()
            .map_or(ObservationKind::Peer, |u| usual_kind(u.role)),
    );
    let fields: [(&str, &str, RwSignal<String>); 4] = [
        (
            "start-teacher",
            "field.teacher",
            RwSignal::new(String::new()),
        ),
        ("start-class", "field.class", RwSignal::new(String::new())),
        (
            "start-subject",
            "field.subject",
            RwSignal::new(String::new()),
        ),
        ("start-goal", "field.goal", RwSignal::new(String::new())),
    ];
    let [teacher, class, subject, goal] = fields.map(|(_, _, s)| s);

    let start = move |ev: SubmitEvent| {
        ev.prevent_default();
        let template = latest_template();
        let mut obs = Observation::new(new_id(), kind.get_untracked(), template, now_ms());
        if let Some(user) = auth
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.user.clone()))
        {
            obs.author = user.id;
            obs.context.observer = user.display_name;
        }
        let (date, time) = local_date_time();
        let c = &mut obs.context;
        c.teacher = teacher.get_untracked().trim().to_owned();
        c.teacher_id = people.id_for(&c.teacher);
        c.class = class.get_untracked().trim().to_owned();
        c.subject = subject.get_untracked().trim().to_owned();
        c.goal = goal.get_untracked().trim().to_owned();
        c.date = date;
        c.time = time;
        if let Some(user) = &user {
            c.observer = user.display_name.clone();
            c.school = user
                .school
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default();
        }
        let path = format!("/sheet/{}", obs.id);
        live.save(obs);
        navigate(&path, Default::default());
    };

    view! {
        <section class="card start-sheet">
            <h1>{tr("start.title")}</h1>
            <form on:submit=start>
                <KindSelect id="start-kind" current=kind.into() disabled=Signal::stored(false)
                    on_pick=move |k| kind.set(k)/>
                {fields.into_iter().map(|(id, label, value)| view! {
                    <label for=id>{tr(label)}</label>
                    <input id=id type="text" prop:value=value
                        list=(id == "start-teacher").then_some("people")
                        on:input=move |ev| value.set(event_target_value(&ev)) />
                }).collect_view()}
                <p class="muted">{tr("start.later")}</p>
                <button type="submit" class="primary">{tr("start.submit")}</button>
            </form>
        </section>
    }
}
