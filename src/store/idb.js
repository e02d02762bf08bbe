// The app's whole path into IndexedDB, for src/store: a few small promises over the
// browser's own API. A Rust wrapper around it (rexie) cost 17 KB of the download.
// Values arrive and leave as the structured objects IndexedDB keeps.

// Each object store and its key path (null: keys given apart from the value). The
// database's version (DB_VERSION in mod.rs) grows with each store added here.
const SCHEMA = {
  prefs: null,
  observations: 'id',
  outbox: null,
  synced: 'id',
  attention: 'record',
  dirty: null,
  conflicts: 'record',
};

const failed = (tx) => tx.error || new DOMException('transaction aborted', 'AbortError');

// The app's database and its version (DB_NAME and DB_VERSION in mod.rs; a store test
// checks they agree).
export const APP_DATABASE = ['vero', 4];

// The app's database starts opening as soon as this module loads, while the wasm is
// still on its way; the app's first open takes this request instead of making one.
let early = typeof indexedDB === 'undefined' ? null : open(...APP_DATABASE);
early?.catch(() => {}); // a failure is reported to the app's own open

export function appDatabase() {
  return APP_DATABASE;
}

// Opens the database, creating the stores that are missing and dropping those no longer
// in the schema; the records of the others stay. Another tab upgrading the schema closes
// this connection (the upgrade must not wait for this page).
export function openDatabase(name, version) {
  if (early && name === APP_DATABASE[0] && version === APP_DATABASE[1]) {
    const opened = early;
    early = null;
    return opened;
  }
  return open(name, version);
}

function open(name, version) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const [store, keyPath] of Object.entries(SCHEMA)) {
        if (!db.objectStoreNames.contains(store)) {
          db.createObjectStore(store, keyPath ? { keyPath } : undefined);
        }
      }
      for (const store of Array.from(db.objectStoreNames)) {
        if (!(store in SCHEMA)) db.deleteObjectStore(store);
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error);
  });
}

// Runs `issue` on one store in a read-only transaction; resolves, once the transaction
// is complete, to what `issue` asked for: one request's result or an array of results.
function read(db, store, issue) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, 'readonly');
    const asked = issue(tx.objectStore(store));
    tx.oncomplete = () => resolve(Array.isArray(asked) ? asked.map((r) => r.result) : asked.result);
    tx.onabort = () => reject(failed(tx));
  });
}

// The value under `key`, or undefined.
export const get = (db, store, key) => read(db, store, (s) => s.get(key));

// The values under `keys`, in order (undefined where there is none).
export const getMany = (db, store, keys) => read(db, store, (s) => keys.map((k) => s.get(k)));

// Every value in key order; with `lower`, only keys from `lower` to `upper` inclusive.
export const getAll = (db, store, lower, upper) =>
  read(db, store, (s) => s.getAll(lower === undefined ? undefined : IDBKeyRange.bound(lower, upper)));

export const getAllKeys = (db, store) => read(db, store, (s) => s.getAllKeys());

// Every [key, value] pair of the store.
export const entries = (db, store) =>
  read(db, store, (s) => [s.getAllKeys(), s.getAll()])
    .then(([keys, values]) => keys.map((k, i) => [k, values[i]]));

// Applies `ops` in one transaction over the stores they touch: all commit or none do.
// An op is [kind, store, key, value]: 'put' (no key: the key is in the value),
// 'delete', or 'clean', which deletes the key only while its value is still `value`.
// Resolves once committed; rejects with the browser's error (e.g. QuotaExceededError).
// Without a 'clean', commit is asked for at once instead of after the last request's
// round trip, so an edit reaches the disk as soon as a bare put would.
export function write(db, ops) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction([...new Set(ops.map((op) => op[1]))], 'readwrite');
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(failed(tx));
    let conditional = false;
    try {
      for (const [kind, store, key, value] of ops) {
        const s = tx.objectStore(store);
        if (kind === 'put') {
          if (key === undefined) s.put(value); else s.put(value, key);
        } else if (kind === 'delete') {
          s.delete(key);
        } else {
          conditional = true;
          const now = s.get(key);
          now.onsuccess = () => { if (now.result === value) s.delete(key); };
        }
      }
    } catch (e) {
      // Nothing of a step half done may commit.
      tx.abort();
      throw e;
    }
    if (!conditional) tx.commit();
  });
}

// A sheet and its changed-since-sync mark (`at`, its edit time), in one transaction:
// the writer's path, taken on every keystroke, so without `write`'s generality. The
// page hears 'vero-saved' the moment it is committed (the sheet benchmark waits for it).
export function saveSheet(db, sheet, at) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['observations', 'dirty'], 'readwrite');
    tx.oncomplete = () => {
      dispatchEvent(new Event('vero-saved'));
      resolve();
    };
    tx.onabort = () => reject(failed(tx));
    try {
      tx.objectStore('observations').put(sheet);
      tx.objectStore('dirty').put(at, sheet.id);
    } catch (e) {
      tx.abort();
      throw e;
    }
    tx.commit();
  });
}
