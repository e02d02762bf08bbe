//! A TCP proxy in front of the server that fails on purpose: each new connection takes
//! the next planned fault. Faults: refuse the connection; answer 503 without asking the
//! server; forward the request and drop the answer after the server has committed;
//! forward it and never answer (a timeout); kill the server process mid-request.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Refuse,
    Answer503,
    DropAnswer,
    Stall,
    KillServer,
}

pub const ALL: [Fault; 5] = [
    Fault::Refuse,
    Fault::Answer503,
    Fault::DropAnswer,
    Fault::Stall,
    Fault::KillServer,
];

/// What the proxy does with connections, and what it saw.
#[derive(Default)]
pub struct Plan {
    pub faults: VecDeque<Fault>,
    /// Requests the server answered (for counts).
    pub passed: usize,
    pub injected: usize,
    pub kill_requested: bool,
}

pub type Kill = Arc<dyn Fn() + Send + Sync>;

pub struct Proxy {
    pub addr: String,
    pub plan: Arc<Mutex<Plan>>,
    pub upstream: Arc<Mutex<String>>,
}

impl Proxy {
    /// `kill` stops the server process at once (SIGKILL).
    pub async fn start(upstream: String, kill: Kill) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let plan = Arc::new(Mutex::new(Plan::default()));
        let upstream = Arc::new(Mutex::new(upstream));
        let (p, u) = (plan.clone(), upstream.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let fault = p.lock().unwrap().faults.pop_front();
                let upstream = u.lock().unwrap().clone();
                tokio::spawn(handle(client, upstream, fault, p.clone(), kill.clone()));
            }
        });
        Proxy {
            addr,
            plan,
            upstream,
        }
    }
}

/// Reads one whole HTTP request (head and Content-Length body) from the client.
async fn read_request(client: &mut TcpStream) -> Option<Vec<u8>> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        let n = client.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if raw.len() >= end + 4 + length {
                return Some(raw);
            }
        }
    }
}

async fn handle(
    mut client: TcpStream,
    upstream: String,
    fault: Option<Fault>,
    plan: Arc<Mutex<Plan>>,
    kill: Kill,
) {
    if fault.is_some() {
        plan.lock().unwrap().injected += 1;
    }
    match fault {
        Some(Fault::Refuse) => return,
        Some(Fault::Answer503) => {
            let _ = read_request(&mut client).await;
            let body = br#"{"error":"unavailable","message":"injected"}"#;
            let head = format!(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = client.write_all(head.as_bytes()).await;
            let _ = client.write_all(body).await;
            return;
        }
        _ => {}
    }
    let Some(request) = read_request(&mut client).await else {
        return;
    };
    let Ok(mut server) = TcpStream::connect(&upstream).await else {
        return; // the server is down: the client sees a dropped connection
    };
    if server.write_all(&request).await.is_err() {
        return;
    }
    if fault == Some(Fault::KillServer) {
        // Kill it while it works on the request: sometimes before, sometimes after
        // it commits.
        tokio::time::sleep(Duration::from_micros(rand_below(3_000))).await;
        plan.lock().unwrap().kill_requested = true;
        kill();
        return;
    }
    let mut answer = Vec::new();
    if server.read_to_end(&mut answer).await.is_err() {
        return;
    }
    match fault {
        Some(Fault::DropAnswer) => {}
        Some(Fault::Stall) => {
            // Hold the connection open, answer nothing; the client gives up.
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        _ => {
            plan.lock().unwrap().passed += 1;
            let _ = client.write_all(&answer).await;
        }
    }
}

/// A small source of randomness shared by the proxy and the test (no extra crate).
pub fn rand_below(n: u64) -> u64 {
    use std::cell::Cell;
    thread_local!(static X: Cell<u64> = Cell::new(0x9e37_79b9_7f4a_7c15 ^ std::process::id() as u64));
    X.with(|x| {
        let mut v = x.get();
        v ^= v << 13;
        v ^= v >> 7;
        v ^= v << 17;
        x.set(v);
        v % n.max(1)
    })
}
