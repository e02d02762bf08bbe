//! A stand-in for the full-year analysis until `vero_domain::analysis` exists: what any
//! analysis over the year must do at least — every shared record read through the
//! storage's own read path (the specialist's pull: SQL, stored state decoded, cut to
//! what a specialist may read), each decoded to an `Observation`, and the ratings
//! counted per criterion by school. Swap `count` for the real analysis.

use std::collections::HashMap;
use std::path::Path;

use vero_domain::sync::fields::{observation_from, Json};
use vero_domain::sync::RecordView;
use vero_domain::{Observation, Rating, Role};
use vero_server::storage::{SqliteStorage, Storage, SyncOutcome, SyncWork};
use vero_server::sync::rules::Caller;

/// How many ratings of each level (1–4, then "not observed") a criterion got at a school.
#[derive(Default)]
pub struct Distribution {
    pub records: usize,
    pub ratings: usize,
    pub by_school: HashMap<(String, String), [u32; 5]>,
}

impl Distribution {
    pub fn cells(&self) -> usize {
        self.by_school.len()
    }

    /// The stand-in's figure for one sheet. Replace with the analysis module's.
    fn count(&mut self, o: &Observation) {
        self.records += 1;
        for (criterion, rating) in &o.ratings {
            let slot = match rating {
                Rating::Level(n @ 1..=4) => *n as usize - 1,
                Rating::Level(_) => continue,
                Rating::NotObserved => 4,
            };
            let cell = self
                .by_school
                .entry((o.context.school.clone(), criterion.clone()))
                .or_default();
            cell[slot] += 1;
            self.ratings += 1;
        }
    }
}

/// The year over the database in `data` (the server stopped or idle), as the municipal
/// specialist (account 1) sees it.
pub fn full_year(data: &Path) -> Distribution {
    let storage = SqliteStorage::open(data).expect("the database opens");
    let specialist = Caller {
        id: 1,
        role: Role::Specialist,
        school_id: None,
    };
    let mut figures = Distribution::default();
    let mut since = 0;
    loop {
        let work = SyncWork {
            device: "analysis-stand-in".into(),
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
        for r in &page.records {
            figures.count(&decode(r));
        }
        since = page.cursor;
        if !page.more {
            return figures;
        }
    }
}

fn decode(r: &RecordView) -> Observation {
    observation_from::<Json>(&r.id, &r.owner, r.values()).0
}
