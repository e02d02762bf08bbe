//! The real server binary as a child process: started on a data directory, killed
//! with SIGKILL, started again on the same data.
// Shared by the fault test and the sync benchmark; each uses a different part.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vero_domain::api::Session;

pub struct Server {
    child: Arc<Mutex<Option<Child>>>,
    data: PathBuf,
    binary: String,
}

impl Server {
    pub fn start(binary: &str, data: &Path) -> (Server, String) {
        let server = Server {
            child: Arc::new(Mutex::new(None)),
            data: data.to_owned(),
            binary: binary.to_owned(),
        };
        let addr = server.restart();
        (server, addr)
    }

    /// Starts the binary on the same data and returns its address.
    pub fn restart(&self) -> String {
        let mut child = Command::new(&self.binary)
            .args([
                "--listen",
                "127.0.0.1:0",
                "--demo",
                "--demo-empty",
                "--data",
            ])
            .arg(&self.data)
            .arg("--dist")
            .arg(self.data.join("no-app"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next().expect("server output").unwrap();
            if let Some(rest) = line.split("http://").nth(1) {
                break rest.trim().to_owned();
            }
        };
        // Keep reading so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        *self.child.lock().unwrap() = Some(child);
        addr
    }

    pub fn kill_hook(&self) -> Arc<dyn Fn() + Send + Sync> {
        let child = self.child.clone();
        Arc::new(move || {
            if let Some(c) = child.lock().unwrap().as_mut() {
                let _ = c.kill();
                let _ = c.wait();
            }
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.lock().unwrap().take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

pub async fn login(addr: &str, username: &str) -> Session {
    let body = format!(r#"{{"username":"{username}","password":"demo"}}"#);
    let answer = super::http::request(
        addr,
        "POST",
        "/api/login",
        None,
        body.as_bytes(),
        Duration::from_secs(10),
    )
    .await
    .expect("login answered");
    assert_eq!(answer.status, 200);
    serde_json::from_slice(&answer.body).unwrap()
}

impl Server {
    /// The server's process id (for reading its memory use).
    pub fn pid(&self) -> Option<u32> {
        self.child.lock().unwrap().as_ref().map(|c| c.id())
    }
}
