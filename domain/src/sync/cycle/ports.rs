//! What the sync cycle runs over: the device's storage and the network, as two traits
//! each place that runs the cycle implements, and the writes a step commits.

use std::fmt;
use std::future::Future;

use crate::api::ApiError;
use crate::sync::device::{Attention, ConflictNote, Device, Synced};
use crate::sync::wire::{PushedPatch, SyncResponse};
use crate::Observation;

/// One write of a sync step. A step's writes commit together or not at all.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// A new patch of this device joins the outbox.
    Queue { device: String, patch: PushedPatch },
    /// A patch the server acknowledged or refused leaves the outbox.
    Unqueue { device: String, seq: u64 },
    /// A patch the server refused for good, for a person to look at.
    Attention(Attention),
    /// What this device now knows of a record.
    Synced(Synced),
    /// The record's "changed since sent" mark goes, unless it changed again after
    /// `seen_at` (an edit made while the sync ran must still be sent).
    Clean { id: String, seen_at: i64 },
    /// The record as merged with what the server sent.
    Sheet(Box<Observation>),
    /// The record's values in conflict for this person: a note while there are some.
    Conflicts {
        record: String,
        note: Option<ConflictNote>,
    },
    /// This account may no longer see the record: every trace of it leaves the device.
    Gone(String),
    /// A version of the sheet's template, kept for the sheets begun on it.
    Template(Box<crate::Template>),
    /// The device's numbering and cursor.
    Device(Device),
}

/// The device's own storage, as the sync cycle needs it.
#[allow(async_fn_in_trait)]
pub trait DeviceStore {
    type Error: fmt::Display;
    /// This device's identity for the signed-in account, made and kept on first use.
    async fn device(&self) -> Result<Device, Self::Error>;
    /// Sheets changed since last sent, in id order, with the time of that change.
    async fn dirty(&self) -> Result<Vec<(String, i64)>, Self::Error>;
    /// The device's unacknowledged patches, oldest first.
    async fn outbox(&self, device: &str) -> Result<Vec<PushedPatch>, Self::Error>;
    /// What the server last sent of these records (a default for one it never sent).
    async fn synced(&self, ids: &[String]) -> Result<Vec<Synced>, Self::Error>;
    /// These sheets as stored, in the order asked.
    async fn stored(&self, ids: &[String]) -> Result<Vec<Option<Observation>>, Self::Error>;
    /// A version of the sheet newer than the stored one: open on screen, or on its way
    /// to storage. Read with no await between it and the `apply` that follows, so what a
    /// step writes is built from the newest version there is.
    fn unsaved(&self, id: &str) -> Option<Observation>;
    /// A merged version, taken in at once (before its `apply`): where the sheet is open
    /// it shows this, and an older version still on its way to storage gives way to it.
    fn adopt(&self, merged: &Observation);
    /// Commits one step's writes together, or none of them. The writes are issued when
    /// the returned future is first polled, before it waits for anything.
    async fn apply(&self, writes: Vec<Write>) -> Result<(), Self::Error>;
}

/// Why a request got no usable answer.
#[derive(Debug, Clone, PartialEq)]
pub enum SendError {
    /// No answer: offline, the server down, cut off, or too slow.
    Unreachable,
    /// The server answered with an error status.
    Status { status: u16, error: ApiError },
}

/// The network, as the sync cycle needs it: a sync request that is on its way as soon
/// as it is sent, whose answer comes in two steps (headers, then body).
pub trait Transport {
    type Answer: Answer;
    type Flight: Future<Output = Result<Self::Answer, SendError>>;
    /// Starts `POST /api/sync` with this JSON body now; the flight resolves once the
    /// answer's headers are in (an error status: with its error body read).
    fn send(&self, body: String) -> Self::Flight;
}

/// A successful answer whose headers are in, its body not yet read.
#[allow(async_fn_in_trait)]
pub trait Answer {
    fn header(&self, name: &str) -> Option<String>;
    /// Reads and decodes the body; one cut off is `Unreachable`.
    async fn response(self) -> Result<SyncResponse, SendError>;
}
