//! Observations other people shared with this account: a teacher's feedback, what a
//! mentor, consultant or the school's management may follow. Read on a phone as often
//! as on a tablet.

pub mod act;
mod comments;
pub mod follow_up;
mod panel;
pub mod response;
pub mod self_rating;
pub mod steps;

pub use comments::Comments;
pub use follow_up::FollowsNote;
pub use panel::{History, WorkflowPanel};
pub use response::TeacherResponse;
pub use self_rating::SelfRating;
pub use steps::NextSteps;

use leptos::prelude::*;
use vero_domain::access::{listing, Listing};
use vero_domain::{Lang, Observation};

use crate::homes::filter::FilteredList;
use crate::i18n::dates::today;
use crate::i18n::{tr, use_i18n, I18n};
use crate::session::use_auth;
use crate::sheet::local_time_text;
use vero_domain::calendar::{date_long, due_state, parse_date, DueState};

/// A next step due within this many days is shown as coming due.
const DUE_SOON_DAYS: u32 = 7;

#[component]
pub fn SharedWithMe() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_auth()
        .session
        .get_untracked()
        .map(|s| s.user.id)
        .unwrap_or_default();
    let all = crate::homes::sheets::device_sheets();
    let sheets = Memo::new(move |_| {
        all.with(|list| {
            list.as_ref().map(|list| {
                list.iter()
                    .filter(|o| listing(&me, o) == Listing::SharedWithMe)
                    .cloned()
                    .collect::<Vec<Observation>>()
            })
        })
    });
    let shared = FilteredList::new(sheets);
    let rows = move || {
        shared.rows(i18n, ("shared-list", "drafts"), |o, lang| {
            shared_row(o, i18n, lang)
        })
    };
    // The filter bar once there is something to filter, and not redrawn as it filters.
    let any = Memo::new(move |_| sheets.with(|list| list.as_ref().map(|l| !l.is_empty())));
    let body = move || match any.get() {
        None => None,
        Some(false) => {
            Some(view! { <p class="muted" id="no-shared">{tr("shared.empty")}</p> }.into_any())
        }
        Some(true) => Some(view! { {shared.bar("shared")} {rows} }.into_any()),
    };
    view! {
        <section class="card drafts-card">
            <h2>{tr("shared.title")}</h2>
            {body}
        </section>
    }
}

fn shared_row(o: &Observation, i18n: I18n, lang: Lang) -> AnyView {
    let c = &o.context;
    let title = o.title();
    let kind = i18n.t(&format!("kind.{}", o.kind.id()));
    let date = parse_date(&c.date).map_or_else(|| c.date.clone(), |d| date_long(d, lang));
    let by = i18n.format("shared.by", &[("observer", &c.observer), ("date", &date)]);
    let edited = local_time_text(o.updated_at, lang);
    let due = parse_date(&o.next_step.due).map(|d| {
        let (key, state) = match due_state(d, today(), DUE_SOON_DAYS) {
            DueState::Overdue => ("shared.due.overdue", "overdue"),
            DueState::Soon => ("shared.due.soon", "soon"),
            DueState::Later => ("shared.due", "later"),
        };
        view! { <span class="due" data-due=state>{i18n.format(key, &[("date", &date_long(d, lang))])}</span> }
    });
    view! {
        <li class="draft shared" data-id=o.id.clone()>
            <a href=format!("/sheet/{}", o.id) class="draft-open">
                <strong>{title}</strong>
                <span class="muted">{kind}" · "{by}</span>
                {due}
                <span class="muted">{edited}</span>
            </a>
        </li>
    }
    .into_any()
}
