//! A minimal HTTP/1.1 client over a plain TCP connection, one request per connection,
//! so a test controls every byte and every failure (and depends on no client library).
// Shared by several tests; each uses a different part.
#![allow(dead_code)]

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    head: String,
    pub body: Vec<u8>,
}

impl Answer {
    /// A header's value (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, value) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// `None`: no (complete) answer — refused, cut off, or not within `timeout`.
pub async fn request(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &[u8],
    timeout: Duration,
) -> Option<Answer> {
    tokio::time::timeout(timeout, exchange(addr, method, path, token, body))
        .await
        .ok()
        .flatten()
}

async fn exchange(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &[u8],
) -> Option<Answer> {
    let mut stream = TcpStream::connect(addr).await.ok()?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(token) = token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.ok()?;
    stream.write_all(body).await.ok()?;
    // Sized once the head says how long the body is: a sync answer runs to megabytes,
    // and growing a buffer by doubling copies it over and over.
    let mut raw = Vec::with_capacity(64 * 1024);
    let mut sized = false;
    loop {
        if raw.len() == raw.capacity() {
            raw.reserve(raw.len());
        }
        if stream.read_buf(&mut raw).await.ok()? == 0 {
            break;
        }
        if !sized {
            if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                sized = true;
                if let Some(length) = content_length(&raw[..end]) {
                    raw.reserve((end + 4 + length).saturating_sub(raw.len()));
                }
            }
        }
    }
    parse(&raw)
}

fn content_length(head: &[u8]) -> Option<usize> {
    std::str::from_utf8(head).ok()?.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())
            .flatten()
    })
}

fn parse(raw: &[u8]) -> Option<Answer> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let rest = &raw[end + 4..];
    let length = content_length(head.as_bytes());
    let body = match length {
        Some(n) if rest.len() >= n => rest[..n].to_vec(),
        // A body shorter than announced was cut off: no answer.
        Some(_) => return None,
        None if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked") =>
        {
            dechunk(rest)?
        }
        None => rest.to_vec(),
    };
    Some(Answer {
        status,
        head: head.to_owned(),
        body,
    })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size =
            usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).ok()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() < size + 2 {
            return None;
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}
