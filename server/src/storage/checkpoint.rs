//! WAL checkpoints on a thread of their own. Copying the WAL back into the database
//! file (and syncing it) costs as much as the write itself; done inline it doubled the
//! time of a large push. Here it runs beside the next request instead of inside it.

use std::path::Path;
use std::sync::mpsc::{sync_channel, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;

use super::sqlite::{durable, synchronous};

/// Pages the WAL may reach before the writing connection checkpoints by itself: a
/// safety net for when this thread cannot keep up (about 256 MiB).
pub const INLINE_AFTER_PAGES: i64 = 65_536;

/// Without a wake-up, a checkpoint still runs this often, for small writes.
const IDLE: Duration = Duration::from_secs(2);

/// Wakes the checkpointer; it stops when this is dropped.
pub struct Checkpointer {
    wake: SyncSender<()>,
    /// Only this thread uses it, but for `synchronous`.
    conn: Arc<Mutex<Connection>>,
}

impl Checkpointer {
    pub fn start(file: &Path) -> rusqlite::Result<Option<Checkpointer>> {
        let conn = Connection::open(file)?;
        // As the writer's: a checkpoint syncs the WAL before it copies it into the
        // database file, and the file before it lets the WAL be reused, at any
        // level but OFF; FULL here too, so no connection of the server is weaker.
        durable(&conn)?;
        let conn = Arc::new(Mutex::new(conn));
        let (wake, woken) = sync_channel::<()>(1);
        let checkpointing = conn.clone();
        let spawned = std::thread::Builder::new()
            .name("vero-checkpoint".into())
            .spawn(move || {
                // Woken after each sync, or every `IDLE`; ends with the storage.
                while !matches!(
                    woken.recv_timeout(IDLE),
                    Err(RecvTimeoutError::Disconnected)
                ) {
                    // PASSIVE neither waits for nor blocks readers and the writer;
                    // what it cannot copy now, the next round will.
                    let conn = checkpointing.lock().unwrap_or_else(|p| p.into_inner());
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            });
        Ok(spawned.ok().map(|_| Checkpointer { wake, conn }))
    }

    /// After a sync committed. Never blocks: a wake-up already pending is enough.
    pub fn wake(&self) {
        let _ = self.wake.try_send(());
    }

    /// `PRAGMA synchronous` of this thread's connection.
    pub fn synchronous(&self) -> rusqlite::Result<i64> {
        synchronous(&self.conn.lock().unwrap_or_else(|p| p.into_inner()))
    }
}
