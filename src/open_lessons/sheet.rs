//! A sheet of an open lesson: started from the offer with what the offer says, and on
//! the sheet a link back to the offer it is of.

use leptos::prelude::*;
use vero_domain::api::UserProfile;
use vero_domain::observation::Context;
use vero_domain::open_lesson::OpenLesson;
use vero_domain::{Observation, ObservationKind};

use super::card::date_words;
use crate::i18n::{tr, use_i18n};
use crate::platform::{new_id, now_ms};
use crate::sheet::doc::SheetDoc;
use crate::sheet::latest_template;
use crate::sync::people::People;
use crate::sync::use_open_lessons;

/// A new open-lesson sheet by `me` of `lesson`: its teacher and their account, school, subject, class, topic, date and time.
pub fn start_sheet_of(
    lesson: &OpenLesson,
    me: Option<&UserProfile>,
    people: People,
) -> Observation {
    let mut obs = Observation::new(
        new_id(),
        ObservationKind::OpenLesson,
        latest_template(),
        now_ms(),
    );
    // The offer names the teacher's account as the server knows it: the sheet reaches
    // her once shared, even from another school whose directory this device lacks.
    let teacher_id = if lesson.teacher_id.is_empty() {
        people.id_for(&lesson.teacher)
    } else {
        lesson.teacher_id.clone()
    };
    obs.context = Context {
        school: lesson.school.name.clone(),
        teacher: lesson.teacher.clone(),
        teacher_id,
        observer: me.map(|u| u.display_name.clone()).unwrap_or_default(),
        class: lesson.class.clone(),
        subject: lesson.subject.clone(),
        topic: lesson.topic.clone(),
        date: lesson.date.clone(),
        time: lesson.time.clone(),
        open_lesson: lesson.id.clone(),
        ..Default::default()
    };
    if let Some(me) = me {
        obs.author = me.id.clone();
    }
    obs
}

/// On a sheet of an open lesson: which one, with a link to its offer.
#[component]
pub fn OpenLessonNote(doc: SheetDoc) -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_open_lessons();
    leptos::task::spawn_local(lessons.load());
    move || {
        let id = doc.obs.with(|o| o.context.open_lesson.clone());
        if id.is_empty() {
            return None;
        }
        let lang = i18n.lang.get();
        let words = lessons.list.with(|l| {
            l.iter().find(|x| x.id == id).map(|l| {
                format!(
                    "{} · {} · {} {}",
                    l.subject,
                    l.class,
                    date_words(&l.date, lang),
                    l.time
                )
            })
        });
        let words = words.unwrap_or_else(|| i18n.t("kind.open_lesson"));
        Some(view! {
            <p class="card notice" id="open-lesson-of">
                {tr("open_lessons.sheet_of")}" "
                <a href=format!("/open-lessons#lesson-{id}")>{words}</a>
            </p>
        })
    }
}
