//! The benchmark's figures, read from /proc and the file system, printed as a table and
//! as `key=value` lines for scripts.

use std::path::Path;

#[derive(Default)]
pub struct Figures {
    pub seed_accounts_s: f64,
    pub seed_records_s: f64,
    pub seed_server_cpu_s: f64,
    pub seeded: usize,
    pub db_after_seed: u64,
    pub rss_after_seed_kb: u64,
    pub paced_s: f64,
    pub paced_rate: f64,
    pub paced_ms: Vec<f64>,
    pub flat_s: f64,
    pub flat_ms: Vec<f64>,
    pub flat_pulled: usize,
    pub flat_server_cpu_s: f64,
    pub flat_device_cpu_s: f64,
    pub concurrency: usize,
    pub export_ms: f64,
    pub export_kb: f64,
    pub rss_kb: u64,
    pub hwm_kb: u64,
    pub db_after_peak: u64,
    /// Of that, the WAL not yet truncated.
    pub wal_after_peak: u64,
    /// Average stored state of a record, bytes.
    pub state_bytes: f64,
    pub analysis_s: f64,
    /// Reading the year as the specialist's device holds it, before the analysis.
    pub read_s: f64,
    pub analysis_records: usize,
    pub analysis_ratings: usize,
    pub analysis_cells: usize,
    pub analysis_rss_kb: u64,
}

pub fn percentile(xs: &[f64], p: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let mut v = xs.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let at = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[at.min(v.len() - 1)]
}

/// A `/proc/<pid>/status` figure in kB (`pid` may be `self`).
pub fn status_kb(pid: &str, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with(field))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// CPU seconds (user + system) a process has used so far.
pub fn cpu_secs(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// The database file with its WAL.
pub fn file_size(data: &Path) -> u64 {
    ["vero.sqlite", "vero.sqlite-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(data.join(f)).ok())
        .map(|m| m.len())
        .sum()
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

pub fn print(f: &Figures) {
    let flat_rate = f.flat_ms.len() as f64 / f.flat_s;
    let p = |xs: &[f64], q| percentile(xs, q);
    println!();
    println!("{:<58} {:>14}", "figure", "value");
    println!("{}", "-".repeat(73));
    let row = |name: &str, value: String| println!("{name:<58} {value:>14}");
    row(
        "seeding: accounts, schools, sessions (SQL)",
        format!("{:.1} s", f.seed_accounts_s),
    );
    row(
        &format!("seeding: {} observations through sync push", f.seeded),
        format!("{:.1} s", f.seed_records_s),
    );
    row(
        "  = observations per second",
        format!("{:.0}", f.seeded as f64 / f.seed_records_s),
    );
    row(
        "  server CPU while seeding",
        format!("{:.1} s", f.seed_server_cpu_s),
    );
    row(
        "database after seeding (file + WAL)",
        format!("{:.0} MB", mb(f.db_after_seed)),
    );
    row(
        "server RSS after seeding",
        format!("{:.0} MB", f.rss_after_seed_kb as f64 / 1024.0),
    );
    row(
        &format!(
            "paced: {} syncs, Poisson at {:.2}/s",
            f.paced_ms.len(),
            f.paced_rate
        ),
        format!("{:.0} s", f.paced_s),
    );
    for q in [50.0, 95.0, 99.0] {
        row(
            &format!("  paced sync time p{q:.0}"),
            format!("{:.1} ms", p(&f.paced_ms, q)),
        );
    }
    row(
        &format!(
            "flat out: {} devices, {} at once",
            f.flat_ms.len(),
            f.concurrency
        ),
        format!("{:.1} s", f.flat_s),
    );
    row(
        "  throughput at saturation",
        format!("{flat_rate:.1} syncs/s"),
    );
    for q in [50.0, 95.0, 99.0] {
        row(
            &format!("  flat-out sync time p{q:.0}"),
            format!("{:.1} ms", p(&f.flat_ms, q)),
        );
    }
    row(
        "  records pulled by the devices",
        format!("{}", f.flat_pulled),
    );
    row(
        "  CPU: server / the devices (this process)",
        format!("{:.1} / {:.1} s", f.flat_server_cpu_s, f.flat_device_cpu_s),
    );
    row(
        &format!("one teacher's data export, JSON ({:.0} KB)", f.export_kb),
        format!("{:.0} ms", f.export_ms),
    );
    row(
        "server RSS after the peak (VmRSS)",
        format!("{:.0} MB", f.rss_kb as f64 / 1024.0),
    );
    row(
        "server peak RSS, whole run (VmHWM)",
        format!("{:.0} MB", f.hwm_kb as f64 / 1024.0),
    );
    row(
        "database after the peak (file + WAL)",
        format!("{:.0} MB", mb(f.db_after_peak)),
    );
    row(
        &format!(
            "full-year read as the specialist holds it: {} records",
            f.analysis_records
        ),
        format!("{:.1} s", f.read_s),
    );
    row(
        "full-year analysis (vero_domain::analysis) over them",
        format!("{:.2} s", f.analysis_s),
    );
    row(
        &format!(
            "  {} ratings into {} group x criterion figures",
            f.analysis_ratings, f.analysis_cells
        ),
        format!("{:.0} MB peak", f.analysis_rss_kb as f64 / 1024.0),
    );
    println!();
    let kv = [
        ("seed_accounts_s", format!("{:.2}", f.seed_accounts_s)),
        ("seed_observations", f.seeded.to_string()),
        ("seed_observations_s", format!("{:.2}", f.seed_records_s)),
        ("paced_syncs", f.paced_ms.len().to_string()),
        ("paced_rate_per_s", format!("{:.3}", f.paced_rate)),
        ("paced_p50_ms", format!("{:.1}", p(&f.paced_ms, 50.0))),
        ("paced_p95_ms", format!("{:.1}", p(&f.paced_ms, 95.0))),
        ("paced_p99_ms", format!("{:.1}", p(&f.paced_ms, 99.0))),
        ("saturation_syncs_per_s", format!("{flat_rate:.1}")),
        ("saturation_concurrency", f.concurrency.to_string()),
        ("saturation_p50_ms", format!("{:.1}", p(&f.flat_ms, 50.0))),
        ("saturation_p95_ms", format!("{:.1}", p(&f.flat_ms, 95.0))),
        ("saturation_p99_ms", format!("{:.1}", p(&f.flat_ms, 99.0))),
        ("export_ms", format!("{:.0}", f.export_ms)),
        ("server_rss_mb", format!("{:.0}", f.rss_kb as f64 / 1024.0)),
        ("server_hwm_mb", format!("{:.0}", f.hwm_kb as f64 / 1024.0)),
        ("database_mb", format!("{:.0}", mb(f.db_after_peak))),
        ("wal_mb", format!("{:.0}", mb(f.wal_after_peak))),
        (
            "state_kb_per_record",
            format!("{:.2}", f.state_bytes / 1024.0),
        ),
        ("full_year_read_s", format!("{:.2}", f.read_s)),
        ("full_year_analysis_s", format!("{:.2}", f.analysis_s)),
        ("full_year_read_records", f.analysis_records.to_string()),
    ];
    for (k, v) in kv {
        println!("country.{k}={v}");
    }
}
