// The sheet writer's own path into IndexedDB. A write is issued inside the caller's
// event, before any re-rendering the change causes, and commit() is asked for at once
// instead of after the put's round trip: the two things that kept an edit from reaching
// the disk as soon as a bare put would.

const connections = new Map();

// The schema belongs to the app's Store (rexie), which has opened the database first;
// this connection never creates or upgrades it.
function connect(name, version) {
  let entry = connections.get(name);
  if (entry) return entry;
  entry = { db: null, ready: null };
  entry.ready = new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => request.transaction.abort();
    request.onsuccess = () => {
      const db = request.result;
      // Let another tab upgrade the schema; the next write reconnects.
      const forget = () => { db.close(); connections.delete(name); };
      db.onversionchange = forget;
      db.onclose = forget;
      entry.db = db;
      resolve(db);
    };
    request.onerror = () => { connections.delete(name); reject(request.error); };
    request.onblocked = () => { connections.delete(name); reject(new DOMException('database upgrade blocked', 'VersionError')); };
  });
  connections.set(name, entry);
  return entry;
}

// The record and its "changed" mark (id -> updated_at) go in one transaction, so sync
// can never miss an edit that reached the disk.
function putNow(db, store, dirty, value) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction([store, dirty], 'readwrite');
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error || new DOMException('write aborted', 'AbortError'));
    tx.objectStore(store).put(value);
    tx.objectStore(dirty).put(value.updated_at, value.id);
    tx.commit();
  });
}

// Resolves once IndexedDB has committed `value`; rejects with the browser's error
// (e.g. QuotaExceededError).
export function writeRecord(name, version, store, dirty, value) {
  const entry = connect(name, version);
  const write = (db) => putNow(db, store, dirty, value);
  return entry.db ? write(entry.db) : entry.ready.then(write);
}
