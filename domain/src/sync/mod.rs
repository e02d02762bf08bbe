//! Sync: how edits made on many devices, often offline, come together exactly once and
//! without losing anyone's words. Pure rules here; the server stores, the app sends.

pub mod clock;
pub mod conflict;
pub mod cycle;
pub mod device;
pub mod echo;
pub mod fields;
pub mod merge;
pub mod wire;

pub use clock::{Dot, VersionVector};
pub use fields::{class_of, FieldClass};
pub use merge::{FieldState, Head, Heads, Patch, RecordState};
pub use wire::{Echo, HeadView, PushedPatch, RecordView, Rejection, SyncRequest, SyncResponse};
