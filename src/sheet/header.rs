//! The sheet's top line: what is observed, how far the ratings are, the lesson timer,
//! and whether everything is on the device.

use leptos::prelude::*;
use std::time::Duration;
use vero_domain::Observation;

use super::doc::SheetDoc;
use super::local_clock_text;
use crate::i18n::use_i18n;
use crate::platform::now_ms;
use crate::store::writer::SaveStatus;

#[component]
pub fn SheetHeader(doc: SheetDoc) -> impl IntoView {
    let i18n = use_i18n();
    let status = expect_context::<SaveStatus>();
    let obs = doc.obs;
    // The lesson minute moves on its own; a coarse clock is enough for it.
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), Duration::from_secs(15))
    {
        on_cleanup(move || handle.clear());
    }

    // Memos, so a keystroke elsewhere in the sheet touches none of this.
    let title = Memo::new(move |_| obs.with(Observation::title));
    let kind_id = Memo::new(move |_| obs.with(|o| o.kind.id()));
    let kind = move || i18n.t(&format!("kind.{}", kind_id.get()));
    let rated = Memo::new(move |_| obs.with(|o| o.progress(doc.template)));
    let progress = move || {
        let p = rated.get();
        i18n.format(
            "sheet.progress",
            &[
                ("rated", &p.rated.to_string()),
                ("total", &p.total.to_string()),
            ],
        )
    };
    let minute = Memo::new(move |_| obs.with(|o| o.minute_at(now.get())));
    let timer = move || match minute.get() {
        Some(m) => view! {
            <span class="timer running" id="lesson-minute">
                {i18n.format("sheet.minute", &[("minute", &(m + 1).to_string())])}
            </span>
        }
        .into_any(),
        None => view! {
            <button type="button" id="start-lesson" class="timer"
                disabled=move || doc.read_only.get()
                on:click=move |_| {
                    now.set(now_ms());
                    doc.edit(|o| o.lesson_started_at = Some(now_ms()));
                }>
                {i18n.t("sheet.start_lesson")}
            </button>
        }
        .into_any(),
    };
    // When this sheet's newest edit reached the device: the writer says so after each
    // commit; until then, the stored version's time.
    let (id, stored_at) = obs.with_untracked(|o| (o.id.clone(), o.updated_at));
    let print_href = format!("/sheet/{id}/print");
    let slow = slow_write(status);
    let saved = Memo::new(move |_| match (status.failing.get(), slow.get()) {
        (Some(true), _) => ("save failed", i18n.t("save.quota")),
        (Some(false), _) => ("save failed", i18n.t("save.failed")),
        (None, true) => ("save saving", i18n.t("save.saving")),
        (None, _) => {
            let at = status.saved.with(|s| match s {
                Some((saved_id, at)) if *saved_id == id => *at,
                _ => stored_at,
            });
            let text = i18n.format("save.saved", &[("time", &local_clock_text(at))]);
            ("save saved", text)
        }
    });

    view! {
        <header class="sheet-header">
            <div class="sheet-title">
                <p class="muted">{kind}</p>
                <h1>{title}</h1>
            </div>
            <div class="sheet-status">
                <span class="progress" id="progress">{progress}</span>
                {timer}
                <span class=move || saved.get().0 id="save-state" role="status">{move || saved.get().1}</span>
                <a class="button" id="print-link" href=print_href>{move || i18n.t("print.open")}</a>
            </div>
        </header>
    }
}

/// True while some change has waited for the device longer than a blink. A write takes
/// about a millisecond: saying "saving" for each keystroke would only flicker (and make
/// a screen reader announce it every time).
fn slow_write(status: SaveStatus) -> Signal<bool> {
    let slow = RwSignal::new(false);
    let waiting = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let pending = status.unsaved.get() > 0;
        if let Some(timer) = waiting.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        if !pending {
            slow.set(false);
        } else if !slow.get_untracked() {
            let timer = set_timeout_with_handle(
                // The sheet may be closed by then.
                move || {
                    let still = status.unsaved.try_get_untracked().unwrap_or(0) > 0;
                    let _ = slow.try_set(still);
                },
                Duration::from_millis(SLOW_WRITE_MS),
            );
            waiting.set_value(timer.ok());
        }
    });
    slow.into()
}

const SLOW_WRITE_MS: u64 = 700;
