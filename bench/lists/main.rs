//! List filtering with 20,000 observations on the device, in headless Chromium: the
//! sheets written to and read back from the account's IndexedDB as the app keeps them,
//! then what a screen does: when the sheets change, work out each record's facts (stage,
//! year, folded names) once; when the filter changes, compare against them and sort the
//! matches into the observer's piles. Prints the figures; the target is a filter change
//! within 100 ms. Run by `bench/lists.sh`, never by the test suite.
#![cfg(target_arch = "wasm32")]

use vero::store::{Op, Store};
use vero_domain::calendar::{date_text, Datelike, NaiveDate, SchoolYear};
use vero_domain::lists::{self, ListFilter};
use vero_domain::observing::Pile;
use vero_domain::workflow::{Act, Stage};
use vero_domain::{Observation, ObservationKind, Status, Template};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RECORDS: usize = 20_000;
const RUNS: usize = 15;

const GIVEN: [&str; 12] = [
    "Anna",
    "Ilze",
    "Rūta",
    "Kristīne",
    "Edīte",
    "Inese",
    "Līga",
    "Dace",
    "Zane",
    "Ieva",
    "Māra",
    "Laura",
];
const FAMILY: [&str; 12] = [
    "Bērziņa",
    "Kalniņa",
    "Siliņa",
    "Lāce",
    "Kalēja",
    "Zariņa",
    "Liepa",
    "Vītola",
    "Ozola",
    "Krūmiņa",
    "Pētersone",
    "Šmite",
];
const SCHOOLS: [&str; 4] = [
    "Madonas pilsētas vidusskola",
    "Lubānas vidusskola",
    "Cesvaines vidusskola",
    "Varakļānu vidusskola",
];

#[wasm_bindgen(inline_js = "export function performance_now() { return performance.now(); }")]
extern "C" {
    fn performance_now() -> f64;
}

fn day(first: NaiveDate, later: usize) -> String {
    let n = first.num_days_from_ce() + later as i32;
    date_text(NaiveDate::from_num_days_from_ce_opt(n).unwrap())
}

/// Three school years of one busy observer's device: drafts, shared, read, reflected,
/// agreed and closed, across every type and four schools.
fn observations() -> Vec<Observation> {
    let template = Template::default_template();
    let first = NaiveDate::from_ymd_opt(2024, 9, 2).unwrap();
    (0..RECORDS)
        .map(|n| {
            let kind = ObservationKind::ALL[n % ObservationKind::ALL.len()];
            let id = format!("0190f3a1-2b3c-7fff-bfff-{n:012}");
            let mut o = Observation::new(id, kind, &template, 1_700_000_000_000);
            o.author = "1".into();
            let c = &mut o.context;
            c.teacher = format!("{} {}", GIVEN[n % 12], FAMILY[(n / 12) % 12]);
            c.teacher_id = (100 + n % 144).to_string();
            c.observer = "Ilze Kalniņa".into();
            c.school = SCHOOLS[n % 4].into();
            c.subject = ["Matemātika", "Latviešu valoda", "Bioloģija"][n % 3].into();
            c.topic = format!("Tēma {}", n % 97);
            c.date = day(first, n % 1000);
            o.next_step.text = "Skolēni paši formulē stundas mērķi".into();
            o.next_step.due = day(first, n % 1000 + 21);
            let reach = n % 6;
            if reach > 0 {
                let at = 1_700_000_000_000 + n as i64;
                o.take(format!("s{n}"), "1", "Ilze Kalniņa", at, Act::Shared)
                    .unwrap();
                let teacher = o.context.teacher_id.clone();
                if reach > 1 {
                    o.take(format!("a{n}"), &teacher, "T", at + 1, Act::Acknowledged)
                        .unwrap();
                }
                if reach > 2 {
                    o.reflection = "Pārdomas".into();
                    o.take(format!("r{n}"), &teacher, "T", at + 2, Act::Reflected)
                        .unwrap();
                }
            } else {
                o.status = Status::Draft;
            }
            o
        })
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn say(line: String) {
    console_log!("{line}");
}

#[wasm_bindgen_test]
async fn filtering_20000_observations() {
    let made = observations();
    let name = "bench-lists";
    let _ = Store::open(name).await.map(Store::close);
    let store = Store::open(name).await.expect("open");

    let start = performance_now();
    for chunk in made.chunks(500) {
        let ops: Vec<Op> = chunk.iter().map(|o| Op::sheet(o).unwrap()).collect();
        store.apply(ops).await.expect("write");
    }
    let write = performance_now() - start;

    let start = performance_now();
    let sheets = store.observations().await.expect("read");
    let read = performance_now() - start;
    assert_eq!(sheets.len(), RECORDS);

    let year = SchoolYear::starting_in(2025);
    let filters = [
        ("no filter", ListFilter::default()),
        (
            "teacher \"berzina\"",
            ListFilter {
                text: "berzina".into(),
                ..Default::default()
            },
        ),
        (
            "teacher \"ilze\" (observer too)",
            ListFilter {
                text: "ilze".into(),
                ..Default::default()
            },
        ),
        (
            "text \"šmite\"",
            ListFilter {
                text: "šmite".into(),
                ..Default::default()
            },
        ),
        (
            "stage reflected",
            ListFilter {
                stage: Some(Stage::Reflected),
                ..Default::default()
            },
        ),
        (
            "type consultant",
            ListFilter {
                kind: Some(ObservationKind::Consultant),
                ..Default::default()
            },
        ),
        (
            "school year 2025/2026",
            ListFilter {
                year: Some(year),
                ..Default::default()
            },
        ),
        (
            "all four",
            ListFilter {
                text: "kalnina".into(),
                stage: Some(Stage::Acknowledged),
                kind: Some(ObservationKind::Peer),
                year: Some(year),
            },
        ),
    ];
    say(format!(
        "lists: {RECORDS} observations; IndexedDB write {write:.0} ms, read back {read:.0} ms"
    ));
    // When the sheets change (a sync brought some): the facts of the list, once.
    let mut fact_times = Vec::new();
    for _ in 0..RUNS {
        let start = performance_now();
        let facts = lists::facts(sheets.iter());
        fact_times.push(performance_now() - start);
        assert_eq!(facts.len(), RECORDS);
    }
    fact_times.sort_by(f64::total_cmp);
    let facts = lists::facts(sheets.iter());
    // A filter change: compare against the kept facts and sort into the piles, as the
    // observer's screen does.
    let mut worst = 0.0f64;
    for (label, f) in &filters {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..RUNS {
            let start = performance_now();
            let picked = lists::filter(&facts, f);
            let mut piles = std::collections::BTreeMap::<Pile, Vec<&Observation>>::new();
            for &i in &picked {
                piles
                    .entry(Pile::from_facts(&facts[i]))
                    .or_default()
                    .push(&sheets[i]);
            }
            times.push(performance_now() - start);
            found = picked.len();
        }
        times.sort_by(f64::total_cmp);
        worst = worst.max(percentile(&times, 0.95));
        say(format!(
            "lists: {label:<32} {found:>6} found; filter change p50 {:.1} ms p95 {:.1} ms",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
        ));
    }
    say(format!(
        "lists: slowest filter change p95 {worst:.1} ms (target 100 ms); the list's facts after a sync p50 {:.1} ms p95 {:.1} ms",
        percentile(&fact_times, 0.5),
        percentile(&fact_times, 0.95),
    ));
    store.close();
}
