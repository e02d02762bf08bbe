//! The admin sets how long observations are kept (glabāšanas termiņš): older ones leave
//! the server at once and every device at its next sync. Needs the network: the server
//! keeps the setting and does the removing.

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::api::{Retention, RetentionApplied};
use vero_domain::retention::MAX_YEARS;

use crate::i18n::{tr, use_i18n};
use crate::net::{self, NetError};
use crate::session::use_auth;

#[component]
pub fn RetentionCard() -> impl IntoView {
    let i18n = use_i18n();
    let token = StoredValue::new(
        use_auth()
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone())),
    );
    // The field's text: empty for "kept without limit".
    let years = RwSignal::new(String::new());
    let said = RwSignal::new(None::<(bool, String)>);
    let problem_of = move |e: NetError| match e {
        NetError::Unreachable => i18n.t("retention.offline"),
        NetError::Status { error, .. } => error.message,
        NetError::Unreadable(what) => what,
    };
    if let Some(t) = token.get_value() {
        spawn_local(async move {
            match net::get_json::<Retention>("/api/retention", &t).await {
                Ok(r) => {
                    let _ = years.try_set(r.years.map(|y| y.to_string()).unwrap_or_default());
                }
                Err(e) => {
                    let _ = said.try_set(Some((false, problem_of(e))));
                }
            }
        });
    }
    let save = move || {
        let Some(t) = token.get_value() else { return };
        let text = years.get_untracked();
        let wanted = match text.trim() {
            "" => None,
            n => match n.parse::<u32>() {
                Ok(y) if (1..=MAX_YEARS).contains(&y) => Some(y),
                _ => {
                    let max = MAX_YEARS.to_string();
                    said.set(Some((
                        false,
                        i18n.format("retention.bad", &[("max", &max)]),
                    )));
                    return;
                }
            },
        };
        said.set(None);
        spawn_local(async move {
            let body = Retention { years: wanted };
            let outcome =
                match net::put_json::<_, RetentionApplied>("/api/retention", &body, &t).await {
                    Ok(a) => {
                        let n = a.removed.to_string();
                        let text = match a.years {
                            Some(y) => i18n
                                .format("retention.saved", &[("years", &y.to_string()), ("n", &n)]),
                            None => i18n.t("retention.saved_none"),
                        };
                        (true, text)
                    }
                    Err(e) => (false, problem_of(e)),
                };
            let _ = said.try_set(Some(outcome));
        });
    };
    let line = move || {
        said.get().map(|(ok, text)| {
            if ok {
                view! { <p role="status" id="retention-saved">{text}</p> }.into_any()
            } else {
                view! { <p class="problem" role="alert">{text}</p> }.into_any()
            }
        })
    };
    view! {
        <section class="card" id="retention-card" aria-labelledby="retention-title">
            <h2 id="retention-title">{tr("retention.title")}</h2>
            <p class="muted">{tr("retention.intro")}</p>
            // Our own message, in the person's language, rather than the browser's bubble.
            <form novalidate on:submit=move |ev| { ev.prevent_default(); save(); }>
                <label for="retention-years">{tr("retention.years")}</label>
                <input type="number" id="retention-years" min="1" max=MAX_YEARS step="1"
                    inputmode="numeric" prop:value=years
                    on:input=move |ev| years.set(event_target_value(&ev))/>
                <button type="submit">{tr("retention.save")}</button>
            </form>
            {line}
        </section>
    }
}
