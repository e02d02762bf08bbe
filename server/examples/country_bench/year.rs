//! The full-year analysis as the municipal specialist runs it: every record of the
//! year read through the storage's own read path (the specialist's pull: SQL, stored
//! state decoded, cut to what a specialist may read), each decoded to an `Observation`,
//! then `vero_domain::analysis::analyse` over the school year — the code the app runs
//! on the specialist's device.

use std::path::Path;
use std::time::Instant;

use vero_domain::analysis::{analyse, Period};
use vero_domain::calendar::{local_date, SchoolYear};
use vero_domain::sync::fields::{observation_from, Json};
use vero_domain::sync::RecordView;
use vero_domain::{Observation, Role, Template};
use vero_server::storage::{SqliteStorage, Storage, SyncOutcome, SyncWork};
use vero_server::sync::rules::Caller;

pub struct Year {
    /// Records the specialist's device holds.
    pub records: usize,
    /// Ratings counted into the figures.
    pub ratings: usize,
    /// Group × criterion figures.
    pub figures: usize,
    pub read_s: f64,
    pub analyse_s: f64,
}

/// The year over the database in `data` (the server stopped or idle), as the municipal
/// specialist (account 1) sees it; `year_start_ms` is a day of that school year.
pub fn full_year(data: &Path, year_start_ms: i64) -> Year {
    let storage = SqliteStorage::open(data).expect("the database opens");
    let specialist = Caller {
        id: 1,
        role: Role::Specialist,
        school_id: None,
    };
    let read = Instant::now();
    let mut all: Vec<Observation> = Vec::new();
    let mut since = 0;
    loop {
        let work = SyncWork {
            device: "analysis".into(),
            since,
            limit: vero_domain::sync::wire::MAX_LIMIT,
            push: Vec::new(),
            echoes: false,
        };
        let SyncOutcome::Done(page) = storage
            .sync(&specialist, work, vero_server::auth::now())
            .expect("a page")
        else {
            panic!("the analysis device belongs to the specialist");
        };
        all.extend(page.records.iter().map(decode));
        since = page.cursor;
        if !page.more {
            break;
        }
    }
    let read_s = read.elapsed().as_secs_f64();
    let year = SchoolYear::of(local_date(year_start_ms, 0));
    let t = Instant::now();
    let analysis = analyse(
        &all,
        Period::Year(year),
        &Template::default_template(),
        local_date(year_start_ms, 0),
    );
    let analyse_s = t.elapsed().as_secs_f64();
    let ratings = analysis
        .figures
        .iter()
        .filter(|f| f.group == vero_domain::analysis::Group::All)
        .map(|f| f.spread.total())
        .sum();
    Year {
        records: all.len(),
        ratings,
        figures: analysis.figures.len(),
        read_s,
        analyse_s,
    }
}

fn decode(r: &RecordView) -> Observation {
    observation_from::<Json>(&r.id, &r.owner, r.values()).0
}
