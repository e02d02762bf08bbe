//! Country-scale benchmark (run by `bench/country.sh`): the real server binary on a real
//! SQLite file holding a whole country's year, and a morning peak of devices speaking
//! the app's sync protocol over loopback. Prints figures; not part of the test suite.
//!
//! Usage: country_bench SERVER_BINARY. Sizes from the environment (defaults in
//! `Plan::from_env`): VERO_BENCH_TEACHERS, _SCHOOLS, _OBSERVATIONS, _YESTERDAY,
//! _DEVICES, _CONCURRENCY, _PACED_SECONDS, _PEAK_MINUTES, _SEED_CONCURRENCY.
//!
//! Accounts, schools and sign-in sessions are written straight into the file before the
//! server starts (argon2 for 28,000 passwords would measure argon2); every observation
//! goes in through the server's sync push, as devices send them.

#[path = "../../tests/support/device.rs"]
mod device;
#[path = "../../tests/support/http.rs"]
mod http;
mod report;
mod year;

// The allocator is the server library's (mimalloc), as in the server.

use device::SimDevice;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::time::{Duration, Instant};
use vero_domain::sync::device::Device;
use vero_domain::{Observation, ObservationKind, Rating, Status, Template};

struct Plan {
    teachers: usize,
    schools: usize,
    observations: usize,
    /// Of those, pushed after the devices' last sync ("yesterday").
    yesterday: usize,
    devices: usize,
    concurrency: usize,
    paced_seconds: u64,
    /// The peak's devices all sync within this many minutes.
    peak_minutes: f64,
    seed_concurrency: usize,
}

fn env(name: &str, default: f64) -> f64 {
    std::env::var(format!("VERO_BENCH_{name}"))
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl Plan {
    fn from_env() -> Plan {
        Plan {
            teachers: env("TEACHERS", 25_000.0) as usize,
            schools: env("SCHOOLS", 700.0) as usize,
            observations: env("OBSERVATIONS", 300_000.0) as usize,
            yesterday: env("YESTERDAY", 3_000.0) as usize,
            devices: env("DEVICES", 2_000.0) as usize,
            concurrency: env("CONCURRENCY", 64.0) as usize,
            paced_seconds: env("PACED_SECONDS", 120.0) as u64,
            peak_minutes: env("PEAK_MINUTES", 60.0),
            seed_concurrency: env("SEED_CONCURRENCY", 4.0) as usize,
        }
    }
    fn observers(&self) -> usize {
        self.schools * OBSERVERS_PER_SCHOOL
    }
}

const OBSERVERS_PER_SCHOOL: usize = 3;
const HEADS_PER_SCHOOL: usize = 2;
/// 1 September 2025, 08:00 UTC: the year's first lesson.
const YEAR_START_MS: i64 = 1_756_713_600_000;
const DAY_MS: i64 = 86_400_000;

/// Account ids: specialist 1, then teachers, observers, heads.
struct People {
    teachers: usize,
    observers: usize,
    schools: usize,
}

impl People {
    fn teacher(&self, i: usize) -> i64 {
        2 + i as i64
    }
    fn observer(&self, i: usize) -> i64 {
        2 + (self.teachers + i) as i64
    }
    fn head(&self, i: usize) -> i64 {
        2 + (self.teachers + self.observers + i) as i64
    }
    /// The teachers of a school: every `schools`-th.
    fn teachers_of(&self, school: usize) -> impl Iterator<Item = usize> + '_ {
        (school..self.teachers).step_by(self.schools)
    }
}

fn token(user: i64) -> String {
    format!("bench-session-token-{user:08}")
}

/// Schools, accounts (one password hash for all) and a live session for each, in one
/// transaction on a fresh file brought to the current schema by the server's own code.
fn seed_accounts(data: &Path, plan: &Plan, people: &People) -> rusqlite::Result<()> {
    drop(vero_server::storage::SqliteStorage::open(data).expect("schema"));
    let mut conn = rusqlite::Connection::open(data.join("vero.sqlite"))?;
    let tx = conn.transaction()?;
    let hash = vero_server::auth::hash_password("bench");
    let now = vero_server::auth::now();
    {
        let mut school = tx.prepare("INSERT INTO schools (id, name) VALUES (?1, ?2)")?;
        for s in 0..plan.schools {
            school.execute(rusqlite::params![
                s as i64 + 1,
                format!("{}. vidusskola", s + 1)
            ])?;
        }
        let mut user = tx.prepare(
            "INSERT INTO users (id, username, display_name, role, school_id, password_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut session = tx.prepare(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut add = |id: i64, role: &str, school: Option<usize>| -> rusqlite::Result<()> {
            let school = school.map(|s| s as i64 + 1);
            let name = format!("Pedagogs Bērziņš-Ķēniņš {id}");
            user.execute(rusqlite::params![
                id,
                format!("u{id}"),
                name,
                role,
                school,
                hash
            ])?;
            let t = vero_server::auth::token_hash(&token(id));
            session.execute(rusqlite::params![t, id, now, now + 30 * 86_400])?;
            Ok(())
        };
        add(1, "specialist", None)?;
        for t in 0..plan.teachers {
            add(people.teacher(t), "teacher", Some(t % plan.schools))?;
        }
        for o in 0..people.observers {
            add(
                people.observer(o),
                "observer",
                Some(o / OBSERVERS_PER_SCHOOL),
            )?;
        }
        for h in 0..plan.schools * HEADS_PER_SCHOOL {
            add(people.head(h), "management", Some(h / HEADS_PER_SCHOOL))?;
        }
    }
    tx.commit()
}

/// A filled sheet of teacher `teacher` (account id) by `author`, number `n` of the
/// country's year: varied ratings and evidence, most shared, a tenth still drafts.
fn sheet(n: usize, author: i64, teacher: i64, school: usize, day: i64) -> Observation {
    let t = Template::default_template();
    let at = YEAR_START_MS + day * DAY_MS + (n % 600) as i64 * 1_000;
    let id = vero_domain::id::uuid_v7(at as u64, {
        let b = (n as u64).to_be_bytes();
        [b[2], b[3], b[4], b[5], b[6], b[7], 7, 7, 7, 7]
    });
    let kind = if n % 10 < 7 {
        ObservationKind::Peer
    } else {
        ObservationKind::QualityGrade
    };
    let mut o = Observation::new(id, kind, &t, at);
    o.author = author.to_string();
    let c = &mut o.context;
    c.school = format!("{}. vidusskola", school + 1);
    c.teacher = format!("Pedagogs Bērziņš-Ķēniņš {teacher}");
    c.teacher_id = teacher.to_string();
    c.class = format!("{}.{}", 1 + n % 12, ["a", "b", "c"][n % 3]);
    c.subject = ["Matemātika", "Latviešu valoda", "Vēsture", "Ķīmija"][n % 4].into();
    c.topic = "Lineāri vienādojumi un to pielietojums dzīvē".into();
    c.date = vero_domain::calendar::date_text(vero_domain::calendar::local_date(at, 0));
    c.time = "10:15".into();
    c.intended_outcome = "Skolēni patstāvīgi atrisina vienādojumus un pamato soļus.".into();
    c.goal = "Atgriezeniskā saite stundas gaitā".into();
    let mut x = n as u64 * 2_654_435_761 + 17;
    for cr in t.criteria() {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let rating = if x >> 60 == 0 {
            Rating::NotObserved
        } else {
            Rating::Level(1 + ((x >> 33) % 4) as u8)
        };
        o.ratings.insert(cr.id.clone(), rating);
        if !(x >> 40).is_multiple_of(3) {
            o.evidence.insert(
                cr.id.clone(),
                "Skolotāja jautāja „kā tu to zini?”; skolēni pamatoja risinājumu pāros.".into(),
            );
        }
    }
    o.strengths = ["Skaidri formulēts SR".into(), "Skolēni strādā pāros".into()];
    o.next_step.text = "Pašvērtēšana pēc kritērijiem stundas beigās".into();
    o.status = if n % 10 == 9 {
        Status::Draft
    } else {
        Status::Shared
    };
    o
}

fn start_server(binary: &str, data: &Path) -> (Child, String) {
    let mut child = Command::new(binary)
        .args(["--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .arg("--dist")
        .arg(data.join("no-app"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("server output").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.trim().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

/// A device of account `user` that last synced at `cursor`.
fn device_of(user: i64, name: &str, cursor: u64) -> SimDevice {
    let d = SimDevice::new(&user.to_string(), &token(user), name, true);
    let mut start = Device::new(name.to_owned());
    start.cursor = cursor;
    d.store.kept.borrow_mut().device = Some(start);
    d
}

/// Runs `jobs` on this thread, at most `at_once` at a time (the devices hold
/// single-threaded stores; their requests run on the runtime's workers).
async fn run_local<F, T>(jobs: Vec<F>, at_once: usize) -> Vec<T>
where
    F: std::future::Future<Output = T> + 'static,
    T: 'static,
{
    let local = tokio::task::LocalSet::new();
    let gate = Rc::new(tokio::sync::Semaphore::new(at_once.max(1)));
    let handles: Vec<_> = jobs
        .into_iter()
        .map(|job| {
            let gate = gate.clone();
            local.spawn_local(async move {
                let _turn = gate.acquire().await.unwrap();
                job.await
            })
        })
        .collect();
    local
        .run_until(async {
            let mut out = Vec::new();
            for h in handles {
                out.push(h.await.unwrap());
            }
            out
        })
        .await
}

/// Every observer pushes their share of `range` of the year's sheets in one sync.
async fn push_sheets(
    addr: &str,
    plan: &Plan,
    people: &People,
    range: std::ops::Range<usize>,
    tag: &str,
) -> usize {
    let observers = people.observers;
    let jobs = (0..observers)
        .map(|o| {
            let addr = addr.to_owned();
            let school = o / OBSERVERS_PER_SCHOOL;
            let teachers: Vec<usize> = people.teachers_of(school).collect();
            let author = people.observer(o);
            let ids: Vec<i64> = teachers.iter().map(|&t| people.teacher(t)).collect();
            let mine: Vec<usize> = range.clone().filter(|n| n % observers == o).collect();
            let span = ((plan.observations / observers.max(1)).max(1)) as i64;
            let tag = tag.to_owned();
            async move {
                let d = device_of(author, &format!("seed-{tag}-{o}"), u64::MAX / 2);
                for &n in &mine {
                    let teacher = ids[n % ids.len().max(1)];
                    // The year's 300 days, in the order the sheets were written.
                    let day = (n / observers) as i64 * 300 / span;
                    d.create(sheet(n, author, teacher, school, day));
                }
                if !mine.is_empty() {
                    d.sync(&addr, 0).await.expect("seed push");
                    assert!(d.kept().outbox.is_empty(), "every sheet acknowledged");
                }
                mine.len()
            }
        })
        .collect();
    run_local(jobs, plan.seed_concurrency).await.iter().sum()
}

/// Who device `i` of the morning is: mostly teachers reading, a fifth observers writing
/// 1–3 sheets (one edited again before the sync), a tenth school management. Made now;
/// the sync runs when the future is awaited. The sync's time and the records it brought.
fn morning_device(
    i: usize,
    plan: &Plan,
    people: &People,
    cursor: u64,
    addr: String,
) -> impl std::future::Future<Output = (f64, usize)> + 'static {
    let kind = i % 10;
    let name = format!("morning-{i}");
    let d = if kind < 7 {
        device_of(people.teacher((i * 7_919) % plan.teachers), &name, cursor)
    } else if kind < 9 {
        let o = (i * 104_729) % people.observers;
        let author = people.observer(o);
        let d = device_of(author, &name, cursor);
        let school = o / OBSERVERS_PER_SCHOOL;
        let teachers: Vec<usize> = people.teachers_of(school).collect();
        for k in 0..1 + i % 3 {
            let n = 10_000_000 + i * 4 + k;
            let teacher = people.teacher(teachers[(i + k) % teachers.len()]);
            d.create(sheet(n, author, teacher, school, 299));
        }
        let first = d.ids().into_iter().next().unwrap();
        d.edit(&first, |o| o.next_step.text.push_str(" — un pāru darbā"));
        d
    } else {
        let h = (i * 31) % (plan.schools * HEADS_PER_SCHOOL);
        device_of(people.head(h), &name, cursor)
    };
    async move {
        let t = Instant::now();
        let report = d.sync(&addr, 0).await.expect("morning sync");
        (t.elapsed().as_secs_f64() * 1000.0, report.synced.len())
    }
}

use report::{cpu_secs, file_size, status_kb, Figures};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let binary = std::env::args()
        .nth(1)
        .expect("usage: country_bench SERVER_BINARY");
    let plan = Rc::new(Plan::from_env());
    let people = Rc::new(People {
        teachers: plan.teachers,
        observers: plan.observers(),
        schools: plan.schools,
    });
    let dir =
        tempfile::tempdir_in(std::env::var("VERO_BENCH_DIR").unwrap_or_else(|_| "target".into()))
            .unwrap();
    let data = dir.path().join("data");
    let mut f = Figures::default();
    println!(
        "Vēro country benchmark: {} teachers, {} observers, {} heads in {} schools; {} observations; {} morning devices",
        plan.teachers, people.observers, plan.schools * HEADS_PER_SCHOOL, plan.schools, plan.observations, plan.devices
    );

    let t = Instant::now();
    seed_accounts(&data, &plan, &people).expect("accounts");
    f.seed_accounts_s = t.elapsed().as_secs_f64();
    let (mut server, addr) = start_server(&binary, &data);
    let pid = server.id().to_string();

    // The year, through the sync push; then what came in after the devices' last sync.
    let older = plan.observations.saturating_sub(plan.yesterday);
    let t = Instant::now();
    let cpu = cpu_secs(&pid);
    let pushed = push_sheets(&addr, &plan, &people, 0..older, "year").await;
    let cursor_before_yesterday = {
        let probe = device_of(1, "probe-cursor", u64::MAX / 2);
        probe.sync(&addr, 0).await.expect("probe");
        let c = probe.kept().device.as_ref().unwrap().cursor;
        c
    };
    let pushed =
        pushed + push_sheets(&addr, &plan, &people, older..plan.observations, "yesterday").await;
    f.seed_records_s = t.elapsed().as_secs_f64();
    f.seed_server_cpu_s = cpu_secs(&pid) - cpu;
    f.seeded = pushed;
    f.db_after_seed = file_size(&data);
    f.rss_after_seed_kb = status_kb(&pid, "VmRSS:");
    println!("seeded {pushed} observations in {:.1} s", f.seed_records_s);

    // The morning: paced arrivals first, then every device at once.
    let rate = plan.devices as f64 / (plan.peak_minutes * 60.0);
    let paced_n = ((rate * plan.paced_seconds as f64).round() as usize).max(1);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut jobs = Vec::new();
    let mut at = 0.0f64;
    for i in 0..paced_n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let u = ((x >> 11) as f64 / (1u64 << 53) as f64).max(1e-12);
        at += -u.ln() / rate;
        let start = Duration::from_secs_f64(at);
        let job = morning_device(
            plan.devices + i,
            &plan,
            &people,
            cursor_before_yesterday,
            addr.clone(),
        );
        jobs.push(async move {
            tokio::time::sleep(start).await;
            job.await
        });
    }
    let t = Instant::now();
    let paced = run_local(jobs, usize::MAX >> 4).await;
    f.paced_s = t.elapsed().as_secs_f64();
    f.paced_rate = rate;
    f.paced_ms = paced.iter().map(|p| p.0).collect();

    let cpu = cpu_secs(&pid);
    let me = cpu_secs("self");
    let jobs = (0..plan.devices)
        .map(|i| morning_device(i, &plan, &people, cursor_before_yesterday, addr.clone()))
        .collect();
    let t = Instant::now();
    let flat = run_local(jobs, plan.concurrency).await;
    f.flat_s = t.elapsed().as_secs_f64();
    f.flat_server_cpu_s = cpu_secs(&pid) - cpu;
    f.flat_device_cpu_s = cpu_secs("self") - me;
    f.flat_ms = flat.iter().map(|p| p.0).collect();
    f.flat_pulled = flat.iter().map(|p| p.1).sum();
    f.concurrency = plan.concurrency;
    // One teacher's data export (GET /api/me/export) over the whole country's file.
    let teacher = people.teacher(plan.teachers / 2);
    let t = Instant::now();
    let answer = http::request(
        &addr,
        "GET",
        "/api/me/export?format=json",
        Some(&token(teacher)),
        b"",
        Duration::from_secs(60),
    )
    .await
    .expect("the export answered");
    assert_eq!(answer.status, 200);
    f.export_ms = t.elapsed().as_secs_f64() * 1000.0;
    f.export_kb = answer.body.len() as f64 / 1024.0;
    f.rss_kb = status_kb(&pid, "VmRSS:");
    f.hwm_kb = status_kb(&pid, "VmHWM:");
    let _ = server.kill();
    let _ = server.wait();
    f.db_after_peak = file_size(&data);
    f.wal_after_peak = std::fs::metadata(data.join("vero.sqlite-wal")).map_or(0, |m| m.len());
    f.state_bytes = rusqlite::Connection::open(data.join("vero.sqlite"))
        .and_then(|c| c.query_row("SELECT AVG(LENGTH(state)) FROM records", [], |r| r.get(0)))
        .unwrap_or(0.0);

    let analysis = year::full_year(&data, YEAR_START_MS);
    f.analysis_s = analysis.analyse_s;
    f.read_s = analysis.read_s;
    f.analysis_records = analysis.records;
    f.analysis_ratings = analysis.ratings;
    f.analysis_cells = analysis.figures;
    f.analysis_rss_kb = status_kb("self", "VmHWM:");
    report::print(&f);
}
