//! One sync: turn this device's edits into patches, send them, take in what others
//! changed. Every step's writes commit in one IndexedDB transaction, so a closed tab or
//! a dropped answer leaves the device either before or after the step, never between:
//! a patch leaves the outbox only once the server has acknowledged it.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;
use vero_domain::sync::device::{
    batch, failure, flush, merge, only_own, request_json, Device, Failure, Synced,
};
use vero_domain::sync::echo::take_echoes;
use vero_domain::sync::fields::to_fields;
use vero_domain::sync::{wire, PushedPatch, SyncResponse};
use vero_domain::Observation;

use super::codec::BrowserJson;
use crate::net::{self, NetError};
use crate::platform::{now_ms, random_hex};
use crate::sheet::doc::{adopt, newest_version};
use crate::store::sync::{outbox_key, put, put_device, Attention};
use crate::store::{
    Op, Store, StoreError, ATTENTION, CONFLICTS, DIRTY, OBSERVATIONS, OUTBOX, SYNCED,
};

/// Patches per request stay under this (the server takes up to 4 MiB).
const PUSH_BYTES: usize = 1_500_000;
/// Sheets made into patches at a time: about a request's worth of whole sheets.
const FLUSH_CHUNK: usize = 400;
const TIMEOUT_MS: i32 = 30_000;

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

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Stop {
        Stop::Failed(e.to_string())
    }
}

/// What a finished sync did.
#[derive(Debug, Default)]
pub struct Report {
    /// The records the server sent: the server has them.
    pub synced: Vec<String>,
    /// Records this account may no longer see, removed from the device.
    pub gone: Vec<String>,
}

/// Called with the records being sent, so lists can show them as syncing.
pub type OnSending<'a> = &'a dyn Fn(BTreeSet<String>);

pub async fn run(token: &str, user: &str, on_sending: OnSending<'_>) -> Result<Report, Stop> {
    let store = Store::shared().await?;
    let mut device = device(&store, user).await?;
    let mut flushing = Flushing::default();
    flush_dirty(&store, user, &mut device, &mut flushing).await?;
    let mut report = Report::default();
    let mut limit = PUSH_BYTES;
    let outbox = store.outbox(&device.id).await?;
    let first = Batch::of(&outbox, limit);
    let mut next = Some(send(&device, device.cursor, first, token, on_sending));
    while let Some(flight) = next.take() {
        // While the server works: the next request's worth of local edits, and the next
        // batch written out (only its cursor waits for this answer).
        if !flushing.done {
            flush_dirty(&store, user, &mut device, &mut flushing).await?;
        }
        let mut waiting = store.outbox(&device.id).await?;
        let on_the_wire = flight.sending.len().min(waiting.len());
        let mut ahead = Some(Batch::of(&waiting[on_the_wire..], limit));
        let sending = flight.sending;
        let arrived = flight.answer.await.inspect(|arrived| {
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
                    next = Some(send(&device, cursor, batch, token, on_sending));
                }
            }
        });
        let answer = match arrived {
            Ok(arrived) => arrived.json::<SyncResponse>().await,
            Err(e) => Err(e),
        };
        let mut response = match answer {
            Ok(r) => r,
            Err(NetError::Status { status, error }) => match failure(Some(status)) {
                Failure::Retry => return Err(Stop::Unreachable),
                Failure::SignIn => return Err(Stop::SignIn),
                Failure::TooLarge if sending.len() > 1 => {
                    limit /= 2;
                    let again = Batch::of(&waiting, limit);
                    next = Some(send(&device, device.cursor, again, token, on_sending));
                    continue;
                }
                // One patch too large, or refused as a whole: set it aside.
                Failure::TooLarge | Failure::Refused if !sending.is_empty() => {
                    set_aside(&store, &device, &sending, &error.error, &error.message).await?;
                    let outbox = store.outbox(&device.id).await?;
                    let again = Batch::of(&outbox, limit);
                    next = Some(send(&device, device.cursor, again, token, on_sending));
                    continue;
                }
                _ => return Err(Stop::Failed(error.message)),
            },
            Err(_) => return Err(Stop::Unreachable),
        };
        let mut done: Vec<u64> = response.acked.clone();
        done.extend(response.rejected.iter().map(|r| r.seq));
        waiting.retain(|p| !done.contains(&p.seq));
        while waiting.is_empty() && !flushing.done {
            flush_dirty(&store, user, &mut device, &mut flushing).await?;
            waiting = store.outbox(&device.id).await?;
            waiting.retain(|p| !done.contains(&p.seq));
        }
        // When more is surely to be sent or pulled, the next request goes now and the
        // server works on it while this answer is taken in. Edits flushed while taking
        // it in go in the request after.
        if next.is_none() && (response.more || !waiting.is_empty()) {
            let batch = match ahead {
                Some(ahead) if ahead.is_front_of(&waiting) => ahead,
                _ => Batch::of(&waiting, limit),
            };
            next = Some(send(&device, response.cursor, batch, token, on_sending));
        }
        take_echoes(&device, &sending, &mut response);
        report
            .synced
            .extend(response.records.iter().map(|r| r.id.clone()));
        report.gone.extend(response.gone.iter().cloned());
        let flushed = take_in(&store, user, &mut device, &waiting, &sending, response).await?;
        if next.is_none() && flushed > 0 {
            let outbox = store.outbox(&device.id).await?;
            let batch = Batch::of(&outbox, limit);
            next = Some(send(&device, device.cursor, batch, token, on_sending));
        }
    }
    Ok(report)
}

/// Patches to send and their JSON (or why it could not be written).
struct Batch {
    sending: Vec<PushedPatch>,
    json: Result<String, NetError>,
}

impl Batch {
    /// The first patches of `outbox` that fit in `limit`.
    fn of(outbox: &[PushedPatch], limit: usize) -> Batch {
        let sending = batch(outbox, limit).to_vec();
        let json = net::to_json(&sending);
        Batch { sending, json }
    }

    /// Whether these are still the patches at the front of `outbox`.
    fn is_front_of(&self, outbox: &[PushedPatch]) -> bool {
        let ends = |ps: &[PushedPatch]| ps.first().zip(ps.last()).map(|(a, b)| (a.seq, b.seq));
        self.sending.len() <= outbox.len()
            && ends(&self.sending) == ends(&outbox[..self.sending.len()])
    }
}

/// A sync request on its way, and the patches it carries.
struct Flight {
    sending: Vec<PushedPatch>,
    answer: Pin<Box<dyn Future<Output = Result<net::Arrived, NetError>>>>,
}

/// Sends `batch`, pulling from `since`.
fn send(
    device: &Device,
    since: u64,
    batch: Batch,
    token: &str,
    on_sending: OnSending<'_>,
) -> Flight {
    let mut records = BTreeSet::new();
    for patch in &batch.sending {
        records.insert(patch.record.clone());
    }
    on_sending(records);
    let answer: Pin<Box<dyn Future<Output = _>>> = match batch.json {
        Ok(push) => {
            let body = request_json(device, since, &push);
            Box::pin(net::start_post_within(
                "/api/sync",
                body,
                Some(token),
                TIMEOUT_MS,
            ))
        }
        Err(e) => Box::pin(std::future::ready(Err(e))),
    };
    Flight {
        sending: batch.sending,
        answer,
    }
}

/// This device's id for the account, made on first use.
async fn device(store: &Store, user: &str) -> Result<Device, StoreError> {
    if let Some(device) = store.device(user).await? {
        return Ok(device);
    }
    let device = Device::new(random_hex(8));
    store.apply(vec![put_device(user, &device)?]).await?;
    Ok(device)
}

/// Whether this account may send edits of a local copy: its own sheet, one made before
/// accounts were kept on sheets, or one the server shared with it. Another account's
/// drafts on a shared tablet wait for that account.
fn sendable(local: &Observation, synced: &Synced, user: &str) -> bool {
    local.author.is_empty() || local.author == user || synced.view.is_some()
}

/// How far this sync has turned changed sheets into patches: sheets are taken in id
/// order, `FLUSH_CHUNK` at a time, each once per sync (one that cannot be sent now,
/// another account's, stays changed without holding up the rest).
#[derive(Default)]
struct Flushing {
    after: Option<String>,
    done: bool,
}

/// Turns the next `FLUSH_CHUNK` sheets changed since the last sync into patches in the
/// outbox. A request's worth at a time, so a device with thousands of changed sheets
/// starts sending at once and makes the rest while the server works.
async fn flush_dirty(
    store: &Store,
    user: &str,
    device: &mut Device,
    flushing: &mut Flushing,
) -> Result<(), StoreError> {
    let mut dirty = store.dirty().await?;
    if let Some(after) = &flushing.after {
        dirty.retain(|(id, _)| id > after);
    }
    flushing.done = dirty.len() <= FLUSH_CHUNK;
    dirty.truncate(FLUSH_CHUNK);
    let Some((last, _)) = dirty.last() else {
        return Ok(());
    };
    flushing.after = Some(last.clone());
    let ids: Vec<String> = dirty.iter().map(|(id, _)| id.clone()).collect();
    let mut synced = store.synced(&ids).await?;
    let stored = store.observations_by_id(&ids).await?;
    // From here to the write, no await: the versions read are the newest there are.
    let now = now_ms();
    let mut ops = Vec::new();
    for (((id, at), synced), stored) in dirty.iter().zip(synced.iter_mut()).zip(stored) {
        let Some(local) = newest_version(id).or(stored) else {
            ops.push(Op::Clean {
                id: id.clone(),
                seen_at: *at,
            });
            continue;
        };
        if !sendable(&local, synced, user) {
            continue;
        }
        if let Some(patch) = flush::<BrowserJson>(device, synced, &local, now) {
            ops.push(put(
                OUTBOX,
                Some(outbox_key(&device.id, patch.seq)),
                &patch,
            )?);
        }
        ops.push(put(SYNCED, None, synced)?);
        ops.push(Op::Clean {
            id: id.clone(),
            seen_at: *at,
        });
    }
    ops.push(put_device(user, device)?);
    store.apply(ops).await
}

/// Takes in one answer; returns how many new patches local edits made meanwhile.
async fn take_in(
    store: &Store,
    user: &str,
    device: &mut Device,
    outbox: &[PushedPatch],
    sending: &[PushedPatch],
    response: SyncResponse,
) -> Result<usize, StoreError> {
    let ids: Vec<String> = response.records.iter().map(|r| r.id.clone()).collect();
    let mut synced = store.synced(&ids).await?;
    let stored = store.observations_by_id(&ids).await?;

    let mut done: Vec<u64> = response.acked.clone();
    done.extend(response.rejected.iter().map(|r| r.seq));
    let mut ops: Vec<Op> = done
        .iter()
        .map(|seq| Op::Delete {
            store: OUTBOX,
            key: outbox_key(&device.id, *seq),
        })
        .collect();
    let now = now_ms();
    for rejection in &response.rejected {
        if let Some(patch) = sending.iter().find(|p| p.seq == rejection.seq) {
            let attention = Attention {
                record: patch.record.clone(),
                seq: rejection.seq,
                error: rejection.error.clone(),
                message: rejection.message.clone(),
                at: now,
            };
            ops.push(put(ATTENTION, None, &attention)?);
        }
    }
    // Still unacknowledged, by record; patches made below join them.
    let mut pending: BTreeMap<String, Vec<PushedPatch>> = BTreeMap::new();
    for patch in outbox
        .iter()
        .filter(|p| !done.contains(&p.seq) && ids.contains(&p.record))
    {
        pending
            .entry(patch.record.clone())
            .or_default()
            .push(patch.clone());
    }
    // No await from here to the write: local versions are read and replaced at once.
    let mut flushed = 0;
    for ((view, synced), stored) in response
        .records
        .into_iter()
        .zip(synced.iter_mut())
        .zip(stored)
    {
        let local = newest_version(&view.id).or(stored);
        if only_own(&view, device) && local.as_ref().is_some_and(|l| !differs(l, synced)) {
            // The answer to this device's own push: nothing to take in.
            synced.view = Some(view);
            ops.push(put(SYNCED, None, synced)?);
            continue;
        }
        if let Some(local) = &local {
            // Edits not yet sent go out on what this device had seen, never under the
            // values arriving now.
            if sendable(local, synced, user) {
                if let Some(patch) = flush::<BrowserJson>(device, synced, local, now) {
                    ops.push(put(
                        OUTBOX,
                        Some(outbox_key(&device.id, patch.seq)),
                        &patch,
                    )?);
                    pending.entry(view.id.clone()).or_default().push(patch);
                    flushed += 1;
                }
            }
        }
        let mine: Vec<&PushedPatch> = pending.get(&view.id).into_iter().flatten().collect();
        let merged = merge::<BrowserJson>(synced, view, &mine, local.as_ref());
        adopt(&merged);
        ops.push(put(OBSERVATIONS, None, &merged)?);
        ops.push(put(SYNCED, None, synced)?);
        ops.push(super::conflicts::note(user, synced, &merged)?);
    }
    // Shared with someone else now, or back to draft: this account's copy goes. Patches
    // still waiting for it will be refused and show in the attention list.
    for id in response.gone {
        for store in [OBSERVATIONS, SYNCED, DIRTY, CONFLICTS] {
            ops.push(Op::Delete {
                store,
                key: id.clone(),
            });
        }
    }
    device.cursor = response.cursor;
    ops.push(put_device(user, device)?);
    store.apply(ops).await?;
    Ok(flushed)
}

/// Whether the local copy has edits not yet made into a patch.
fn differs(local: &Observation, synced: &Synced) -> bool {
    to_fields::<BrowserJson>(local) != synced.basis
}

/// Moves patches the server refused as a whole into the attention list.
async fn set_aside(
    store: &Store,
    device: &Device,
    patches: &[PushedPatch],
    error: &str,
    message: &str,
) -> Result<(), StoreError> {
    let now = now_ms();
    let mut ops = Vec::new();
    for patch in patches {
        ops.push(Op::Delete {
            store: OUTBOX,
            key: outbox_key(&device.id, patch.seq),
        });
        let attention = Attention {
            record: patch.record.clone(),
            seq: patch.seq,
            error: error.to_owned(),
            message: message.to_owned(),
            at: now,
        };
        ops.push(put(ATTENTION, None, &attention)?);
    }
    store.apply(ops).await
}
