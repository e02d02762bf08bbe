//! Above every list: search by teacher, and choose a stage, a type and a school year.
//! The domain's `lists` does the work once per change of the device's sheets (each
//! record's stage and year), so a change of the filter only compares.

use leptos::prelude::*;
use vero_domain::calendar::SchoolYear;
use vero_domain::lists::{self, Choices, Facts, ListFilter};
use vero_domain::workflow::Stage;
use vero_domain::{Observation, ObservationKind};

use crate::i18n::{tr, use_i18n, I18n};

/// Rows a list shows at first, and how many more each "Rādīt vēl" adds: a long list
/// stays quick to draw on a tablet.
pub const PAGE: usize = 50;

#[component]
pub fn FilterBar(
    filter: RwSignal<ListFilter>,
    #[prop(into)] choices: Signal<Choices>,
    /// Prefix of the controls' ids (`{id}-search`, `{id}-stage`, …).
    id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let search = format!("{id}-search");
    let stage = format!("{id}-stage");
    let kind = format!("{id}-kind");
    let year = format!("{id}-year");
    let stage_options = move || {
        choices.with(|c| {
            c.stages
                .iter()
                .map(|s| {
                    let on = filter.with_untracked(|f| f.stage == Some(*s));
                    view! { <option value=s.id() selected=on>{i18n.t(&format!("stage.{}", s.id()))}</option> }
                })
                .collect_view()
        })
    };
    let kind_options = move || {
        choices.with(|c| {
            c.kinds
                .iter()
                .map(|k| {
                    let on = filter.with_untracked(|f| f.kind == Some(*k));
                    view! { <option value=k.id() selected=on>{i18n.t(&format!("kind.{}", k.id()))}</option> }
                })
                .collect_view()
        })
    };
    let year_options = move || {
        choices.with(|c| {
            c.years
                .iter()
                .map(|y| {
                    let on = filter.with_untracked(|f| f.year == Some(*y));
                    view! { <option value=y.name() selected=on>{y.name()}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <fieldset class="filters">
            <legend class="sr-only">{tr("filter.legend")}</legend>
            <div class="filter">
                <label for=search.clone()>{tr("filter.search")}</label>
                <input type="search" id=search autocomplete="off"
                    prop:value=move || filter.with(|f| f.text.clone())
                    on:input=move |ev| filter.update(|f| f.text = event_target_value(&ev))/>
            </div>
            <div class="filter">
                <label for=stage.clone()>{tr("filter.stage")}</label>
                <select id=stage on:change=move |ev| {
                    let v = event_target_value(&ev);
                    filter.update(|f| f.stage = Stage::ALL.into_iter().find(|s| s.id() == v));
                }>
                    <option value="">{tr("filter.any")}</option>
                    {stage_options}
                </select>
            </div>
            <div class="filter">
                <label for=kind.clone()>{tr("filter.kind")}</label>
                <select id=kind on:change=move |ev| {
                    let v = event_target_value(&ev);
                    filter.update(|f| f.kind = ObservationKind::from_id(&v));
                }>
                    <option value="">{tr("filter.any")}</option>
                    {kind_options}
                </select>
            </div>
            <div class="filter">
                <label for=year.clone()>{tr("filter.year")}</label>
                <select id=year on:change=move |ev| {
                    let v = event_target_value(&ev);
                    filter.update(|f| f.year = SchoolYear::parse(&v));
                }>
                    <option value="">{tr("filter.any")}</option>
                    {year_options}
                </select>
            </div>
        </fieldset>
    }
}

/// The first `shown` rows of a list (`list`: its id and class) and a button for the
/// next page, with how many matched.
pub fn paged<T>(
    i18n: I18n,
    rows: Vec<T>,
    shown: RwSignal<usize>,
    list: (&'static str, &'static str),
    row: impl Fn(&T) -> AnyView,
) -> AnyView {
    let (list_id, class) = list;
    let total = rows.len();
    let limit = shown.get();
    if total == 0 {
        return view! { <p class="muted" data-empty=list_id>{i18n.t("filter.none")}</p> }
            .into_any();
    }
    let items = rows.iter().take(limit).map(row).collect_view();
    let more = (total > limit).then(|| {
        view! {
            <p class="more">
                <span class="muted">{i18n.format("filter.shown", &[("shown", &limit.to_string()), ("total", &total.to_string())])}</span>" "
                <button type="button" class="secondary" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {i18n.t("filter.more")}
                </button>
            </p>
        }
    });
    view! { <ul class=class id=list_id>{items}</ul> {more} }.into_any()
}

/// What a screen keeps of one of its lists: each record's facts (stage, year, folded
/// names) and the filter's choices, worked out again only when the device's sheets
/// change. A keystroke in the filter then only compares, and the filter bar (built from
/// the choices) stays put and keeps the focus while the list below it changes.
#[derive(Clone, Copy)]
pub struct ListFacts {
    pub facts: Memo<Option<Vec<Facts>>>,
    pub choices: Signal<Choices>,
}

impl ListFacts {
    /// `select` makes the list from the device's sheets; the screen makes it the same
    /// way when it draws, so positions in the facts are positions in its list.
    pub fn of(
        sheets: RwSignal<Option<Vec<Observation>>>,
        select: impl Fn(&[Observation]) -> Vec<&Observation> + Send + Sync + 'static,
    ) -> ListFacts {
        let facts = Memo::new(move |_| {
            sheets.with(|all| all.as_deref().map(|all| lists::facts(select(all))))
        });
        ListFacts::from(facts)
    }

    /// The facts of a list the screen already keeps (`None` until the sheets are read).
    fn of_list(list: Memo<Option<Vec<Observation>>>) -> ListFacts {
        ListFacts::from(Memo::new(move |_| {
            list.with(|l| l.as_deref().map(lists::facts))
        }))
    }

    fn from(facts: Memo<Option<Vec<Facts>>>) -> ListFacts {
        let choices = Memo::new(move |_| {
            facts.with(|f| f.as_deref().map(lists::choices).unwrap_or_default())
        });
        ListFacts {
            facts,
            choices: choices.into(),
        }
    }

    /// The positions that pass the filter, once the sheets are read.
    pub fn pick(self, filter: RwSignal<ListFilter>) -> Option<Vec<usize>> {
        self.facts.with(|facts| {
            let facts = facts.as_deref()?;
            Some(filter.with(|f| lists::filter(facts, f)))
        })
    }
}

/// A list a screen keeps (`None` until the sheets are read) with its filter and how
/// many of its rows show: the bar above it and the page of rows below.
#[derive(Clone, Copy)]
pub struct FilteredList {
    list: Memo<Option<Vec<Observation>>>,
    facts: ListFacts,
    filter: RwSignal<ListFilter>,
    shown: RwSignal<usize>,
}

impl FilteredList {
    pub fn new(list: Memo<Option<Vec<Observation>>>) -> FilteredList {
        FilteredList {
            list,
            facts: ListFacts::of_list(list),
            filter: RwSignal::new(ListFilter::default()),
            shown: RwSignal::new(PAGE),
        }
    }

    /// The filter bar; `id` prefixes its controls' ids.
    pub fn bar(self, id: &'static str) -> impl IntoView {
        view! { <FilterBar filter=self.filter choices=self.facts.choices id=id/> }
    }

    /// The page of rows that pass the filter, in a list with `ids` (id, class).
    pub fn rows(
        self,
        i18n: I18n,
        ids: (&'static str, &'static str),
        row: impl Fn(&Observation, vero_domain::Lang) -> AnyView,
    ) -> Option<AnyView> {
        let lang = i18n.lang.get();
        self.list.with(|list| {
            let list = list.as_ref()?;
            let picked: Vec<&Observation> = self
                .facts
                .pick(self.filter)?
                .into_iter()
                .filter_map(|i| list.get(i))
                .collect();
            Some(paged(i18n, picked, self.shown, ids, |o| row(o, lang)))
        })
    }
}
