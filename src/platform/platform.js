// Browser features that are shorter to reach from JavaScript than through web-sys.

// Web Locks: holds `name` while this tab edits. onState(true) when held, onState(false)
// when another tab holds it (then waits and calls onState(true) once it is free).
// Returns a function that releases the lock (or stops waiting).
export function holdLock(name, onState) {
  if (!navigator.locks) {
    onState(true);
    return () => {};
  }
  let release = null;
  let cancelled = false;
  const held = () => new Promise((resolve) => {
    release = resolve;
    if (cancelled) resolve();
  });
  const controller = new AbortController();
  navigator.locks.request(name, { ifAvailable: true }, (lock) => {
    // Released before the browser answered (the screen was left at once): onState is gone.
    if (cancelled) return undefined;
    if (lock) {
      onState(true);
      return held();
    }
    onState(false);
    navigator.locks.request(name, { signal: controller.signal }, () => {
      if (cancelled) return undefined;
      onState(true);
      return held();
    }).catch(() => {});
    return undefined;
  });
  return () => {
    cancelled = true;
    controller.abort();
    if (release) release();
  };
}

// Asks the browser to keep this site's data (not evict it under storage pressure) and
// reports what is used. Resolves to {persisted, usage, quota}; fields may be missing.
export async function storageInfo(askPersist) {
  const s = navigator.storage;
  if (!s) return {};
  let persisted = s.persisted ? await s.persisted() : undefined;
  if (!persisted && askPersist && s.persist) persisted = await s.persist();
  const { usage, quota } = s.estimate ? await s.estimate() : {};
  return { persisted, usage, quota };
}

// Resolves after `ms` milliseconds.
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function randomBytes(n) {
  return crypto.getRandomValues(new Uint8Array(n));
}

// Registers the service worker; onUpdate() when a new version is installed and waiting.
export function registerServiceWorker(url, onUpdate) {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(url).then((reg) => {
    const waiting = () => {
      if (reg.waiting && navigator.serviceWorker.controller) onUpdate();
    };
    waiting();
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      if (worker) worker.addEventListener('statechange', waiting);
    });
  }).catch((e) => console.warn('service worker not registered', e));
}

// Activates the waiting version and reloads once it controls the page.
export function applyUpdate() {
  navigator.serviceWorker.getRegistration().then((reg) => {
    if (!reg || !reg.waiting) return location.reload();
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload());
    reg.waiting.postMessage('skip-waiting');
  });
}

// Offers `text` as a file to save (a CSV or JSON the person asked for).
export function saveFile(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
