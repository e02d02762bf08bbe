//! Sync benchmark (run by `bench/sync.sh`): the real server binary with its SQLite file
//! on disk, a device speaking the app's protocol with the app's sync rules, over
//! loopback. Prints figures; the PouchDB peer runs beside it in the same script.
//!
//! Usage: sync_bench SERVER_BINARY [RECORDS]

#[path = "../tests/support/device.rs"]
mod device;
#[path = "../tests/support/http.rs"]
mod http;
#[path = "../tests/support/server.rs"]
mod server;

use server::{login, Server};

/// The device keeps every record twice (what the server sent, and what it was built
/// from) in memory, where the app keeps them in IndexedDB: the system allocator's cost
/// of that would be measured instead of sync. The same allocator as the server.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use device::SimDevice;
use std::time::Instant;
use vero_domain::sync::fields::{to_fields, Json};
use vero_domain::{Observation, ObservationKind, Rating, Status, Template};

fn sheet(i: usize, author: &str, teacher: &str) -> Observation {
    let t = Template::default_template();
    let id = vero_domain::id::uuid_v7(
        1_700_000_000_000 + i as u64,
        [
            (i >> 24) as u8,
            (i >> 16) as u8,
            (i >> 8) as u8,
            i as u8,
            9,
            9,
            9,
            9,
            9,
            9,
        ],
    );
    let mut o = Observation::new(id, ObservationKind::Peer, &t, 1_700_000_000_000 + i as i64);
    o.author = author.to_owned();
    let c = &mut o.context;
    c.teacher = "Anna Bērziņa".into();
    c.teacher_id = teacher.to_owned();
    c.class = "7.b".into();
    c.subject = "Matemātika".into();
    c.topic = "Lineāri vienādojumi".into();
    c.date = "2026-11-23".into();
    c.time = "10:15".into();
    c.intended_outcome =
        "Skolēni patstāvīgi atrisina lineārus vienādojumus un pamato katru soli.".into();
    c.goal = "Atgriezeniskā saite stundas gaitā".into();
    for (n, cr) in t.criteria().enumerate() {
        o.ratings
            .insert(cr.id.clone(), Rating::Level(1 + (n % 4) as u8));
        o.evidence.insert(cr.id.clone(), format!("Skolotāja jautāja „kā tu to zini?”; {n} skolēni pamatoja risinājumu pie tāfeles, pārējie pārbaudīja pāros pēc kritērijiem."));
    }
    o.add_note("Atvērts jautājums par risinājuma pārbaudi", Some("C1"), 1);
    o.strengths = ["Skaidri formulēts SR".into(), "Skolēni strādā pāros".into()];
    o.next_step.text = "Pašvērtēšana pēc kritērijiem stundas beigās".into();
    o.next_step.due = "2026-12-15".into();
    o.status = Status::Shared;
    o
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    xs[xs.len() / 2]
}

fn rss_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(field)).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0)
}

/// CPU seconds (user + system) a process has used so far.
fn cpu_secs(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// CPU seconds the device (this process) and the server used while `run` ran.
struct Cpu {
    server: String,
    device: f64,
    server_before: f64,
}

impl Cpu {
    fn start(server_pid: u32) -> Cpu {
        let server = server_pid.to_string();
        Cpu {
            server_before: cpu_secs(&server),
            device: cpu_secs("self"),
            server,
        }
    }

    fn report(&self) -> String {
        format!(
            "CPU: device {:.2} s, server {:.2} s",
            cpu_secs("self") - self.device,
            cpu_secs(&self.server) - self.server_before
        )
    }
}

async fn idle(device: &SimDevice, addr: &str, n: usize) -> f64 {
    let mut times = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        device.sync(addr, 0).await.expect("idle sync");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    median(times)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let binary = &args[1];
    let records: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let dir = tempfile::tempdir().unwrap();
    let (server, addr) = Server::start(binary, &dir.path().join("data"));
    let observer = login(&addr, "observer").await;
    let teacher = login(&addr, "teacher").await;

    let sample = sheet(0, &observer.user.id, &teacher.user.id);
    let bytes: usize = to_fields::<Json>(&sample)
        .iter()
        .map(|(k, v)| k.len() + v.len() + 6)
        .sum();
    println!("Vēro sync over loopback, server writing to SQLite (WAL) on disk; {records} records of ~{:.1} KB as fields", bytes as f64 / 1024.0);

    // Idle sync at 20 records.
    let device = SimDevice::new(&observer.user.id, &observer.token, "bench-tablet", true);
    for i in 0..20 {
        device.create(sheet(i, &observer.user.id, &teacher.user.id));
    }
    device.sync(&addr, 0).await.unwrap();
    let idle_small = idle(&device, &addr, 50).await;

    // First push of everything else from one device to the server.
    for i in 20..records {
        device.create(sheet(i, &observer.user.id, &teacher.user.id));
    }
    let pid = server.pid().unwrap();
    let cpu = Cpu::start(pid);
    let t = Instant::now();
    device.sync(&addr, 0).await.expect("push");
    let push = t.elapsed().as_secs_f64();
    let push_cpu = cpu.report();
    assert!(device.kept().outbox.is_empty());

    // For profiling the push alone.
    if std::env::var_os("VERO_BENCH_PUSH_ONLY").is_some() {
        println!("first push {push:.2} s ({push_cpu})");
        return;
    }
    let idle_large = idle(&device, &addr, 50).await;

    // Full pull into an empty device.
    let fresh = SimDevice::new(&teacher.user.id, &teacher.token, "bench-phone", true);
    let cpu = Cpu::start(pid);
    let t = Instant::now();
    fresh.sync(&addr, 0).await.expect("pull");
    let pull = t.elapsed().as_secs_f64();
    let pull_cpu = cpu.report();
    assert_eq!(
        fresh.kept().local.len(),
        records,
        "the pull brought every record"
    );

    println!(
        "first push, {records} records, device -> empty server   {push:8.2} s   (target <= 2 s; {push_cpu})"
    );
    println!("full pull into an empty device                    {pull:8.2} s   (target <= 2.5 s; {pull_cpu})");
    println!(
        "idle sync, nothing new, 20 records                {idle_small:8.2} ms  (target <= 5 ms)"
    );
    println!("idle sync, nothing new, {records} records            {idle_large:8.2} ms  (target <= 5 ms, flat)");

    // 50 devices syncing at once: each pushes 40 new records and pulls everything new.
    let before_kb = rss_kb(pid, "VmRSS:");
    let clients = 50;
    let per_client = 40;
    let t = Instant::now();
    // The devices' futures hold their (single-threaded) stores: run side by side on
    // this thread, their requests on the runtime's workers.
    let crowd_devices = tokio::task::LocalSet::new();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (user, token) = (observer.user.id.clone(), observer.token.clone());
        let teacher_id = teacher.user.id.clone();
        let addr = addr.clone();
        tasks.push(crowd_devices.spawn_local(async move {
            let d = SimDevice::new(&user, &token, &format!("bench-crowd-{c}"), true);
            // Pull only what the crowd adds, not the 20,000.
            let mut start = vero_domain::sync::device::Device::new(format!("bench-crowd-{c}"));
            start.cursor = u64::MAX / 2;
            d.store.kept.borrow_mut().device = Some(start);
            for i in 0..per_client {
                d.create(sheet(1_000_000 + c * per_client + i, &user, &teacher_id));
            }
            for _ in 0..3 {
                d.sync(&addr, 0).await.expect("crowd sync");
            }
            let pulled = d.kept().pulled;
            pulled
        }));
    }
    let syncs = clients * 3;
    let mut pulled = 0;
    crowd_devices
        .run_until(async {
            for task in tasks {
                pulled += task.await.unwrap();
            }
        })
        .await;
    let crowd = t.elapsed().as_secs_f64();
    let peak_kb = rss_kb(pid, "VmHWM:");
    println!(
        "{clients} devices at once, each pushing {per_client} new records and pulling the others': {syncs} syncs, {} records pushed and {pulled} received in {crowd:.2} s = {:.0} records/s, {:.0} syncs/s; server memory {:.1} MB before, peak {:.1} MB",
        clients * per_client,
        (clients * per_client + pulled) as f64 / crowd,
        syncs as f64 / crowd,
        before_kb as f64 / 1024.0,
        peak_kb as f64 / 1024.0
    );
}
