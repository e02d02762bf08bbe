//! One sync of a device, written once for every place it runs: the app (over IndexedDB
//! and `fetch`), the fault test and the sync benchmark (over memory and a real HTTP
//! client). The device's storage and the network are the two traits of `ports`; the order
//! of the steps and the rules of each are here.
//!
//! A sync turns this device's edits into patches, sends them, and takes in what others
//! changed. Every step's writes commit together (`DeviceStore::apply`), so a closed tab
//! or a dropped answer leaves the device before or after a step, never in between: a
//! patch leaves the outbox only once the server has acknowledged or refused it.
//!
//! While a request is on its way the device makes the next request's worth of patches;
//! as soon as an answer's headers say more is to be sent or pulled, the next request
//! goes, and the answer is taken in while the server works on that one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::conflict::open_conflicts;
use super::device::{batch, failure, flush, merge, only_own, request_json, Device, Failure};
use super::device::{Attention, ConflictNote, Synced};
use super::echo::take_echoes;
use super::fields::{to_fields, Codec};
use super::wire::{self, PushedPatch, SyncResponse};
use crate::api::ApiError;
use crate::Observation;

mod ports;

pub use ports::{Answer, DeviceStore, SendError, Transport, Write};

/// Patches per request stay under about this (the server takes up to 4 MiB).
pub const PUSH_BYTES: usize = 1_500_000;
/// Sheets made into patches at a time: about a request's worth of whole sheets.
pub const FLUSH_CHUNK: usize = 400;

/// Why a sync stopped before it was through.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// No answer (offline, server down, timed out) or the server failing: try later.
    Unreachable,
    /// The server no longer accepts this sign-in.
    SignIn,
    /// Something on this device failed (storage) or the server refuses every request.
    Failed(String),
}

/// What a finished sync did.
#[derive(Debug, Default, PartialEq)]
pub struct Report {
    /// The records the server sent: the server has them.
    pub synced: Vec<String>,
    /// Records this account may no longer see, removed from the device.
    pub gone: Vec<String>,
    /// Template versions published since the last sync, now kept on the device.
    pub templates: Vec<crate::Template>,
}

/// Who syncs, and the few knobs the tests turn.
pub struct Cycle<'a> {
    /// The signed-in account.
    pub user: &'a str,
    /// Unix ms now (patches are stamped with it; refusals too).
    pub now: &'a dyn Fn() -> i64,
    /// Called with the records each request carries, so lists can show them as syncing.
    pub on_sending: &'a dyn Fn(BTreeSet<String>),
    pub push_bytes: usize,
    pub flush_chunk: usize,
}

impl<'a> Cycle<'a> {
    pub fn new(user: &'a str, now: &'a dyn Fn() -> i64) -> Cycle<'a> {
        Cycle {
            user,
            now,
            on_sending: &|_| {},
            push_bytes: PUSH_BYTES,
            flush_chunk: FLUSH_CHUNK,
        }
    }
}

fn stopped<E: fmt::Display>(e: E) -> Stop {
    Stop::Failed(e.to_string())
}

/// Runs one whole sync: everything pushed, everything new pulled.
pub async fn run<C, S, T>(cycle: &Cycle<'_>, store: &S, transport: &T) -> Result<Report, Stop>
where
    C: Codec,
    S: DeviceStore,
    T: Transport,
{
    let mut run = Run::<C, S, T> {
        cycle,
        store,
        transport,
        device: store.device().await.map_err(stopped)?,
        flushing: Flushing::default(),
        limit: cycle.push_bytes,
        codec: std::marker::PhantomData,
    };
    run.flush_dirty().await?;
    let mut report = Report::default();
    let outbox = run.outbox().await?;
    let first = run.batch(&outbox);
    let mut next = Some(run.send(run.device.cursor, first));
    while let Some(flight) = next.take() {
        // While the server works: the next request's worth of local edits, and the next
        // batch written out (only its cursor waits for this answer).
        if !run.flushing.done {
            run.flush_dirty().await?;
        }
        let mut waiting = run.outbox().await?;
        let on_the_wire = flight.sending.len().min(waiting.len());
        let mut ahead = Some(run.batch(&waiting[on_the_wire..]));
        let sending = flight.sending;
        let arrived = flight.answer.await;
        if let Ok(arrived) = &arrived {
            // Every patch of a 200 is acknowledged or refused, so what was written ahead
            // is next: it goes before this body is read when the headers say more is to
            // be pulled, or it holds patches.
            let told = wire::next_from(
                arrived.header(wire::CURSOR_HEADER).as_deref(),
                arrived.header(wire::MORE_HEADER).as_deref(),
            );
            if let Some((cursor, more)) = told {
                if more || ahead.as_ref().is_some_and(|a| !a.sending.is_empty()) {
                    let batch = ahead.take().expect("written above");
                    next = Some(run.send(cursor, batch));
                }
            }
        }
        let answer = match arrived {
            Ok(arrived) => arrived.response().await,
            Err(e) => Err(e),
        };
        let mut response = match answer {
            Ok(r) => r,
            Err(SendError::Unreachable) => return Err(Stop::Unreachable),
            Err(SendError::Status { status, error }) => match failure(Some(status)) {
                Failure::Retry => return Err(Stop::Unreachable),
                Failure::SignIn => return Err(Stop::SignIn),
                Failure::TooLarge if sending.len() > 1 => {
                    run.limit /= 2;
                    let again = run.batch(&waiting);
                    next = Some(run.send(run.device.cursor, again));
                    continue;
                }
                // One patch too large, or refused as a whole: set it aside.
                Failure::TooLarge | Failure::Refused if !sending.is_empty() => {
                    run.set_aside(&sending, &error).await?;
                    let outbox = run.outbox().await?;
                    let again = run.batch(&outbox);
                    next = Some(run.send(run.device.cursor, again));
                    continue;
                }
                _ => return Err(Stop::Failed(error.message)),
            },
        };
        let mut done: Vec<u64> = response.acked.clone();
        done.extend(response.rejected.iter().map(|r| r.seq));
        waiting.retain(|p| !done.contains(&p.seq));
        while waiting.is_empty() && !run.flushing.done {
            run.flush_dirty().await?;
            waiting = run.outbox().await?;
            waiting.retain(|p| !done.contains(&p.seq));
        }
        // When more is surely to be sent or pulled, the next request goes now and the
        // server works on it while this answer is taken in. Edits flushed while taking
        // it in go in the request after.
        if next.is_none() && (response.more || !waiting.is_empty()) {
            let batch = match ahead {
                Some(ahead) if ahead.is_front_of(&waiting) => ahead,
                _ => run.batch(&waiting),
            };
            next = Some(run.send(response.cursor, batch));
        }
        take_echoes(&run.device, &sending, &mut response);
        report
            .synced
            .extend(response.records.iter().map(|r| r.id.clone()));
        report.gone.extend(response.gone.iter().cloned());
        report.templates.extend(response.templates.iter().cloned());
        let flushed = run.take_in(&waiting, &sending, response).await?;
        if next.is_none() && flushed > 0 {
            let outbox = run.outbox().await?;
            let batch = run.batch(&outbox);
            next = Some(run.send(run.device.cursor, batch));
        }
    }
    Ok(report)
}

/// How far this sync has turned changed sheets into patches: sheets are taken in id
/// order, a chunk at a time, each once per sync (one that cannot be sent now stays
/// changed without holding up the rest).
#[derive(Default)]
struct Flushing {
    after: Option<String>,
    done: bool,
}

/// Patches to send and their JSON.
struct Batch {
    sending: Vec<PushedPatch>,
    json: String,
}

impl Batch {
    /// Whether these are still the patches at the front of `outbox`.
    fn is_front_of(&self, outbox: &[PushedPatch]) -> bool {
        let ends = |ps: &[PushedPatch]| ps.first().zip(ps.last()).map(|(a, b)| (a.seq, b.seq));
        self.sending.len() <= outbox.len()
            && ends(&self.sending) == ends(&outbox[..self.sending.len()])
    }
}

/// A sync request on its way, and the patches it carries.
struct Flight<F> {
    sending: Vec<PushedPatch>,
    answer: F,
}

struct Run<'r, C, S, T> {
    cycle: &'r Cycle<'r>,
    store: &'r S,
    transport: &'r T,
    device: Device,
    flushing: Flushing,
    limit: usize,
    codec: std::marker::PhantomData<C>,
}

impl<C: Codec, S: DeviceStore, T: Transport> Run<'_, C, S, T> {
    async fn outbox(&self) -> Result<Vec<PushedPatch>, Stop> {
        self.store.outbox(&self.device.id).await.map_err(stopped)
    }

    /// The first patches of `outbox` that fit in a request.
    fn batch(&self, outbox: &[PushedPatch]) -> Batch {
        let sending = batch(outbox, self.limit).to_vec();
        let json = C::encode(&sending);
        Batch { sending, json }
    }

    /// Sends `batch`, pulling from `since`.
    fn send(&self, since: u64, batch: Batch) -> Flight<T::Flight> {
        let records: BTreeSet<String> = batch.sending.iter().map(|p| p.record.clone()).collect();
        (self.cycle.on_sending)(records);
        let body = request_json(&self.device, since, &batch.json);
        Flight {
            sending: batch.sending,
            answer: self.transport.send(body),
        }
    }

    fn queue(&self, patch: PushedPatch) -> Write {
        Write::Queue {
            device: self.device.id.clone(),
            patch,
        }
    }

    /// Whether this account may send edits of a local copy: its own sheet, one made
    /// before accounts were kept on sheets, or one the server shared with it.
    fn sendable(&self, local: &Observation, synced: &Synced) -> bool {
        local.author.is_empty() || local.author == self.cycle.user || synced.view.is_some()
    }

    /// Turns the next chunk of sheets changed since the last sync into patches in the
    /// outbox. A request's worth at a time, so a device with thousands of changed sheets
    /// starts sending at once and makes the rest while the server works.
    async fn flush_dirty(&mut self) -> Result<(), Stop> {
        let mut dirty = self.store.dirty().await.map_err(stopped)?;
        if let Some(after) = &self.flushing.after {
            dirty.retain(|(id, _)| id > after);
        }
        self.flushing.done = dirty.len() <= self.cycle.flush_chunk;
        dirty.truncate(self.cycle.flush_chunk);
        let Some((last, _)) = dirty.last() else {
            return Ok(());
        };
        self.flushing.after = Some(last.clone());
        let ids: Vec<String> = dirty.iter().map(|(id, _)| id.clone()).collect();
        let mut synced = self.store.synced(&ids).await.map_err(stopped)?;
        let stored = self.store.stored(&ids).await.map_err(stopped)?;
        // From here to the write, no await: the versions read are the newest there are.
        let now = (self.cycle.now)();
        let mut writes = Vec::new();
        for (((id, at), synced), stored) in dirty.iter().zip(synced.iter_mut()).zip(stored) {
            let clean = Write::Clean {
                id: id.clone(),
                seen_at: *at,
            };
            let Some(local) = self.store.unsaved(id).or(stored) else {
                writes.push(clean);
                continue;
            };
            if !self.sendable(&local, synced) {
                continue;
            }
            if let Some(patch) = flush::<C>(&mut self.device, synced, &local, now) {
                writes.push(self.queue(patch));
            }
            writes.push(Write::Synced(std::mem::take(synced)));
            writes.push(clean);
        }
        writes.push(Write::Device(self.device.clone()));
        self.store.apply(writes).await.map_err(stopped)
    }

    /// Takes in one answer; returns how many new patches local edits made meanwhile.
    async fn take_in(
        &mut self,
        outbox: &[PushedPatch],
        sending: &[PushedPatch],
        response: SyncResponse,
    ) -> Result<usize, Stop> {
        let ids: Vec<String> = response.records.iter().map(|r| r.id.clone()).collect();
        let mut synced = self.store.synced(&ids).await.map_err(stopped)?;
        let stored = self.store.stored(&ids).await.map_err(stopped)?;

        let mut done: Vec<u64> = response.acked.clone();
        done.extend(response.rejected.iter().map(|r| r.seq));
        let mut writes: Vec<Write> = done
            .iter()
            .map(|seq| Write::Unqueue {
                device: self.device.id.clone(),
                seq: *seq,
            })
            .collect();
        let now = (self.cycle.now)();
        for rejection in &response.rejected {
            if let Some(patch) = sending.iter().find(|p| p.seq == rejection.seq) {
                writes.push(Write::Attention(Attention {
                    record: patch.record.clone(),
                    seq: rejection.seq,
                    error: rejection.error.clone(),
                    message: rejection.message.clone(),
                    at: now,
                }));
            }
        }
        // Still unacknowledged, by record; patches made below join them.
        let mut pending: BTreeMap<String, Vec<PushedPatch>> = BTreeMap::new();
        if !ids.is_empty() {
            let wanted: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
            for patch in outbox
                .iter()
                .filter(|p| !done.contains(&p.seq) && wanted.contains(p.record.as_str()))
            {
                pending
                    .entry(patch.record.clone())
                    .or_default()
                    .push(patch.clone());
            }
        }
        // No await from here to the write: local versions are read and replaced at once.
        let mut flushed = 0;
        for ((view, mut synced), stored) in response
            .records
            .into_iter()
            .zip(synced.drain(..))
            .zip(stored)
        {
            let local = self.store.unsaved(&view.id).or(stored);
            if only_own(&view, &self.device)
                && local.as_ref().is_some_and(|l| !differs::<C>(l, &synced))
            {
                // The answer to this device's own push: nothing to take in.
                synced.view = Some(view);
                writes.push(Write::Synced(synced));
                continue;
            }
            if let Some(local) = &local {
                // Edits not yet sent go out on what this device had seen, never under the
                // values arriving now.
                if self.sendable(local, &synced) {
                    if let Some(patch) = flush::<C>(&mut self.device, &mut synced, local, now) {
                        pending
                            .entry(view.id.clone())
                            .or_default()
                            .push(patch.clone());
                        writes.push(self.queue(patch));
                        flushed += 1;
                    }
                }
            }
            let mine: Vec<&PushedPatch> = pending.get(&view.id).into_iter().flatten().collect();
            let merged = merge::<C>(&mut synced, view, &mine, local.as_ref());
            self.store.adopt(&merged);
            writes.push(Write::Conflicts {
                record: synced.id.clone(),
                note: conflict_note::<C>(self.cycle.user, &synced, &merged),
            });
            writes.push(Write::Sheet(Box::new(merged)));
            writes.push(Write::Synced(synced));
        }
        // Shared with someone else now, or back to draft: this account's copy goes.
        // Patches still waiting for it will be refused and show in the attention list.
        writes.extend(response.gone.into_iter().map(Write::Gone));
        writes.extend(
            response
                .templates
                .into_iter()
                .map(|t| Write::Template(Box::new(t))),
        );
        self.device.cursor = response.cursor;
        writes.push(Write::Device(self.device.clone()));
        self.store.apply(writes).await.map_err(stopped)?;
        Ok(flushed)
    }

    /// Moves patches the server refused as a whole into the attention list.
    async fn set_aside(&self, patches: &[PushedPatch], error: &ApiError) -> Result<(), Stop> {
        let now = (self.cycle.now)();
        let mut writes = Vec::new();
        for patch in patches {
            writes.push(Write::Unqueue {
                device: self.device.id.clone(),
                seq: patch.seq,
            });
            writes.push(Write::Attention(Attention {
                record: patch.record.clone(),
                seq: patch.seq,
                error: error.error.clone(),
                message: error.message.clone(),
                at: now,
            }));
        }
        self.store.apply(writes).await.map_err(stopped)
    }
}

/// Whether the local copy has edits not yet made into a patch.
fn differs<C: Codec>(local: &Observation, synced: &Synced) -> bool {
    to_fields::<C>(local) != synced.basis
}

/// The note that keeps the lists in step with a record's merged version: one while
/// `user` has values to choose between in it, none otherwise.
pub fn conflict_note<C: Codec>(
    user: &str,
    synced: &Synced,
    local: &Observation,
) -> Option<ConflictNote> {
    let open = open_conflicts::<C>(synced, user);
    if open.is_empty() || local.deleted_at.is_some() {
        return None;
    }
    Some(ConflictNote {
        record: synced.id.clone(),
        user: user.to_owned(),
        title: local.title(),
        fields: open.into_iter().map(|c| c.path).collect(),
    })
}
