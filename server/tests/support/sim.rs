//! A device as the app runs it, natively: the same sync rules (`vero_domain::sync::
//! device`) in the same order as the browser's cycle — flush local edits, push the
//! outbox in batches, drop a patch only once acknowledged, flush again before taking
//! in the server's version of a record — over a plain HTTP client. State lives in
//! memory, standing in for IndexedDB; the device itself is never killed here.
// Shared by the fault test and the sync benchmark; each uses a different part.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::Duration;
use vero_domain::sync::device::{
    batch, failure, flush, merge, only_own, patch_size, request_json, Device, Failure, Synced,
};
use vero_domain::sync::echo::take_echoes;
use vero_domain::sync::fields::Json;
use vero_domain::sync::{wire, PushedPatch, SyncResponse};
use vero_domain::Observation;

use super::http;

pub struct SimDevice {
    pub token: String,
    pub device: Device,
    pub outbox: Vec<PushedPatch>,
    pub synced: BTreeMap<String, Synced>,
    pub local: BTreeMap<String, Observation>,
    pub dirty: BTreeSet<String>,
    pub refused: Vec<String>,
    pub timeout: Duration,
    pub push_bytes: usize,
    /// Records received from the server, all syncs together.
    pub pulled: usize,
}

impl SimDevice {
    pub fn new(token: &str, device_id: &str) -> SimDevice {
        SimDevice {
            token: token.to_owned(),
            device: Device::new(device_id.to_owned()),
            outbox: Vec::new(),
            synced: BTreeMap::new(),
            local: BTreeMap::new(),
            dirty: BTreeSet::new(),
            refused: Vec::new(),
            timeout: Duration::from_secs(30),
            push_bytes: 1_500_000,
            pulled: 0,
        }
    }

    /// A local edit, as the sheet writer makes it: saved and marked changed.
    pub fn edit(&mut self, id: &str, change: impl FnOnce(&mut Observation)) {
        if let Some(o) = self.local.get_mut(id) {
            change(o);
            o.updated_at += 1;
            self.dirty.insert(id.to_owned());
        }
    }

    pub fn create(&mut self, o: Observation) {
        self.dirty.insert(o.id.clone());
        self.local.insert(o.id.clone(), o);
    }

    /// Whether local edits made a patch (queued in the outbox).
    fn flush_one(&mut self, id: &str, now: i64) -> bool {
        let Some(local) = self.local.get(id) else {
            return false;
        };
        let synced = self.synced.entry(id.to_owned()).or_insert_with(|| Synced {
            id: id.to_owned(),
            ..Synced::default()
        });
        match flush::<Json>(&mut self.device, synced, local, now) {
            Some(patch) => {
                self.outbox.push(patch);
                true
            }
            None => false,
        }
    }

    /// Turns local edits into patches until about `bytes` of them were made (or none
    /// is left): a request's worth at a time, so a device with thousands of changed
    /// sheets starts sending at once and makes the rest while the server works.
    pub fn flush_some(&mut self, now: i64, bytes: usize) {
        let mut made = 0;
        while made < bytes {
            let Some(id) = self.dirty.pop_first() else {
                return;
            };
            if self.flush_one(&id, now) {
                made += self.outbox.last().map_or(0, patch_size);
            }
        }
    }

    /// The next batch of the outbox after its first `skip` patches (those on the wire),
    /// written as JSON: done while the request before is on its way.
    fn write_batch(&self, skip: usize) -> Batch {
        let started = std::time::Instant::now();
        let sending = batch(&self.outbox[skip.min(self.outbox.len())..], self.push_bytes).to_vec();
        // Sized up front (escapes aside): a batch runs to megabytes.
        let mut json = Vec::with_capacity(sending.iter().map(patch_size).sum::<usize>() * 9 / 8);
        serde_json::to_writer(&mut json, &sending).unwrap();
        let json = String::from_utf8(json).unwrap();
        Batch {
            sending,
            json,
            written: started.elapsed(),
        }
    }

    /// Whether `ahead` is still the front of the outbox.
    fn still_next(&self, ahead: &Batch) -> bool {
        let seqs = |ps: &[PushedPatch]| ps.first().zip(ps.last()).map(|(a, b)| (a.seq, b.seq));
        ahead.sending.len() <= self.outbox.len()
            && seqs(&ahead.sending) == seqs(&self.outbox[..ahead.sending.len()])
    }

    /// Sends a batch pulling from `since`; it goes on while the device takes in the
    /// previous answer.
    fn send(&self, addr: &str, since: u64, out: Batch) -> InFlight {
        let (addr, token, timeout) = (addr.to_owned(), self.token.clone(), self.timeout);
        let body = request_json(&self.device, since, &out.json).into_bytes();
        let bytes = body.len();
        let answer = tokio::spawn(async move {
            http::request(&addr, "POST", "/api/sync", Some(&token), &body, timeout).await
        });
        InFlight {
            sending: out.sending,
            bytes,
            written: out.written,
            started: std::time::Instant::now(),
            answer,
        }
    }

    /// One attempt of a whole sync. `Ok(())` once everything is pushed and pulled.
    /// As the app does: while a request is on its way, the device makes and writes the
    /// next batch; as soon as the answer is in and more is to be sent or pulled, the next
    /// request goes out, and the answer is taken in while the server works on that one.
    pub async fn sync(&mut self, addr: &str, now: i64) -> Result<(), Failure> {
        self.flush_some(now, self.push_bytes);
        let first = self.write_batch(0);
        let mut next = Some(self.send(addr, self.device.cursor, first));
        while let Some(flight) = next.take() {
            // The next request's worth of local edits, and its batch, while the server
            // works.
            self.flush_some(now, self.push_bytes);
            let mut ahead = self.write_batch(flight.sending.len());
            let answer = flight.answer.await.ok().flatten();
            let exchanged = flight.started.elapsed();
            let mut response: SyncResponse = match answer {
                None => return Err(failure(None)),
                Some(a) if a.status == 200 => {
                    // Every patch of a 200 is acknowledged or refused, so what was
                    // written ahead is next: it goes before this body is read when the
                    // headers say more is to be pulled, or it holds patches.
                    let told =
                        wire::next_from(a.header(wire::CURSOR_HEADER), a.header(wire::MORE_HEADER));
                    if let Some((cursor, more)) = told {
                        if more || !ahead.sending.is_empty() {
                            next = Some(self.send(addr, cursor, ahead));
                            ahead = Batch::default();
                        }
                    }
                    match serde_json::from_slice(&a.body) {
                        Ok(r) => r,
                        Err(_) => return Err(Failure::Retry),
                    }
                }
                Some(a) => match failure(Some(a.status)) {
                    Failure::TooLarge if flight.sending.len() > 1 => {
                        self.push_bytes /= 2;
                        let again = self.write_batch(0);
                        next = Some(self.send(addr, self.device.cursor, again));
                        continue;
                    }
                    f => return Err(f),
                },
            };
            let taking = std::time::Instant::now();
            let sending = flight.sending;
            let done: BTreeSet<u64> = response
                .acked
                .iter()
                .copied()
                .chain(response.rejected.iter().map(|r| r.seq))
                .collect();
            for r in &response.rejected {
                self.refused.push(format!("{}: {}", r.error, r.message));
            }
            self.outbox.retain(|p| !done.contains(&p.seq));
            if self.outbox.is_empty() {
                self.flush_some(now, self.push_bytes);
            }
            // The next request goes before this answer is taken in when it is surely
            // needed; local edits flushed below go in the one after.
            if next.is_none() && (response.more || !self.outbox.is_empty()) {
                let batch = if self.still_next(&ahead) {
                    ahead
                } else {
                    self.write_batch(0)
                };
                next = Some(self.send(addr, response.cursor, batch));
            }
            take_echoes(&self.device, &sending, &mut response);
            let flushed = self.take_in(response, now);
            if next.is_none() && flushed > 0 {
                let batch = self.write_batch(0);
                next = Some(self.send(addr, self.device.cursor, batch));
            }
            if std::env::var_os("VERO_SIM_TRACE").is_some() {
                eprintln!(
                    "sync step: {} sent, {} bytes; batch written in {:?}, exchange {:?}, take in {:?}",
                    sending.len(),
                    flight.bytes,
                    flight.written,
                    exchanged,
                    taking.elapsed()
                );
            }
        }
        Ok(())
    }

    /// Takes in one answer (its echoes already rebuilt, its patches out of the outbox);
    /// returns how many patches local edits made meanwhile.
    fn take_in(&mut self, response: SyncResponse, now: i64) -> usize {
        let mut flushed = 0;
        // Unsent local edits go out on what this device had seen, before the
        // server's versions come in.
        for view in &response.records {
            if self.dirty.remove(&view.id) && self.flush_one(&view.id, now) {
                flushed += 1;
            }
        }
        // This device's unacknowledged patches of the records to merge (the echo of
        // its own push needs none).
        let wanted: HashSet<&str> = response
            .records
            .iter()
            .filter(|v| !only_own(v, &self.device) || self.dirty.contains(&v.id))
            .map(|v| v.id.as_str())
            .collect();
        let mut pending: HashMap<String, Vec<PushedPatch>> = HashMap::new();
        if !wanted.is_empty() {
            for patch in self
                .outbox
                .iter()
                .filter(|p| wanted.contains(p.record.as_str()))
            {
                pending
                    .entry(patch.record.clone())
                    .or_default()
                    .push(patch.clone());
            }
        }
        drop(wanted);
        self.pulled += response.records.len();
        for view in response.records {
            if only_own(&view, &self.device) && !self.dirty.contains(&view.id) {
                match self.synced.get_mut(&view.id) {
                    Some(synced) => synced.view = Some(view),
                    None => {
                        let id = view.id.clone();
                        self.synced.entry(id).or_default().view = Some(view);
                    }
                }
                continue;
            }
            let id = view.id.clone();
            let mine: Vec<&PushedPatch> = pending.get(&id).into_iter().flatten().collect();
            let synced = self.synced.entry(id.clone()).or_default();
            let merged = merge::<Json>(synced, view, &mine, self.local.get(&id));
            self.local.insert(id, merged);
        }
        // Records this account may no longer see leave the device.
        for id in &response.gone {
            self.local.remove(id);
            self.synced.remove(id);
            self.dirty.remove(id);
        }
        self.device.cursor = response.cursor;
        flushed
    }
}

/// A batch ready to go: the patches and their JSON.
#[derive(Default)]
struct Batch {
    sending: Vec<PushedPatch>,
    json: String,
    written: Duration,
}

/// A request on its way, with the patches it carries.
struct InFlight {
    sending: Vec<PushedPatch>,
    bytes: usize,
    written: Duration,
    started: std::time::Instant,
    answer: tokio::task::JoinHandle<Option<http::Answer>>,
}
