//! `/sheet/:id/print`: an observation as it goes on paper (A4), in the language on
//! screen. The browser's print dialog makes the PDF ("Save as PDF"); the print styles
//! leave out everything but the sheet.

mod sheet;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::tr;
use crate::session::me;
use crate::sheet::doc::SheetDoc;
use crate::sheet::{read_newest, template_for};
use crate::store::live::use_live_sheets;

#[component]
pub fn PrintPage(id: String) -> impl IntoView {
    let live = use_live_sheets();
    let me = me().id;
    // None while reading; then the sheet, if this device has it.
    let loaded = RwSignal::new(None::<Option<SheetDoc>>);
    let back = format!("/sheet/{id}");
    spawn_local(async move {
        let doc = read_newest(live, &id)
            .await
            .filter(|o| o.deleted_at.is_none() && template_for(&o.template).is_some())
            .map(|o| {
                let mine = o.author.is_empty() || o.author == me;
                SheetDoc::new(o, mine, live)
            });
        let _ = loaded.try_set(Some(doc));
    });
    move || match loaded.get() {
        None => view! { <p class="loading">{tr("app.loading")}</p> }.into_any(),
        Some(None) => view! {
            <section class="card"><h1>{tr("sheet.missing")}</h1>
            <a href="/drafts">{tr("drafts.title")}</a></section>
        }
        .into_any(),
        Some(Some(doc)) => view! {
            <div class="print-actions">
                <button type="button" class="primary" id="print-now"
                    on:click=|_| { let _ = window().print(); }>{tr("print.print")}</button>
                <a href=back.clone() id="print-back">{tr("print.back")}</a>
                <p class="muted">{tr("print.pdf_hint")}</p>
            </div>
            <sheet::PrintedSheet doc=doc/>
        }
        .into_any(),
    }
}
