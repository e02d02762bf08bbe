//! What the app needs from the browser beyond the DOM: time, randomness, locks between
//! tabs, storage quota, the service worker.

use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/platform/platform.js")]
extern "C" {
    #[wasm_bindgen(js_name = holdLock)]
    fn hold_lock_js(name: &str, on_state: &Closure<dyn FnMut(bool)>) -> js_sys::Function;
    #[wasm_bindgen(js_name = storageInfo)]
    fn storage_info_js(ask_persist: bool) -> js_sys::Promise;
    #[wasm_bindgen(js_name = randomBytes)]
    fn random_bytes_js(n: u32) -> Vec<u8>;
    #[wasm_bindgen(js_name = registerServiceWorker)]
    fn register_service_worker_js(url: &str, on_update: &Closure<dyn FnMut()>);
    #[wasm_bindgen(js_name = applyUpdate)]
    pub fn apply_update();
    #[wasm_bindgen(js_name = sleep)]
    fn sleep_js(ms: i32) -> js_sys::Promise;
    /// Offers `text` as a file named `name` of MIME type `kind` to save.
    #[wasm_bindgen(js_name = saveFile)]
    pub fn save_file(name: &str, kind: &str, text: &str);
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A fresh UUIDv7 for a record made on this device.
pub fn new_id() -> String {
    let bytes = random_bytes_js(10);
    let mut random = [0u8; 10];
    random.copy_from_slice(&bytes[..10]);
    vero_domain::id::uuid_v7(now_ms() as u64, random)
}

/// `n` random bytes as hex: ids that need no time order (this device's sync id).
pub fn random_hex(n: u32) -> String {
    random_bytes_js(n)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub async fn sleep(ms: i32) {
    let _ = JsFuture::from(sleep_js(ms)).await;
}

/// Holds a tab-exclusive lock until dropped. `on_state(true)` when this tab may edit.
pub struct TabLock {
    release: js_sys::Function,
    _callback: Closure<dyn FnMut(bool)>,
}

impl TabLock {
    pub fn hold(name: &str, on_state: impl FnMut(bool) + 'static) -> TabLock {
        let callback = Closure::new(on_state);
        let release = hold_lock_js(name, &callback);
        TabLock {
            release,
            _callback: callback,
        }
    }
}

impl Drop for TabLock {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::NULL);
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StorageInfo {
    pub persisted: Option<bool>,
    pub usage: Option<f64>,
    pub quota: Option<f64>,
}

/// What the device keeps for us; asks once per page for persistent storage.
pub async fn storage_info() -> StorageInfo {
    thread_local!(static ASKED: Cell<bool> = const { Cell::new(false) });
    let ask = !ASKED.with(|a| a.replace(true));
    let Ok(value) = JsFuture::from(storage_info_js(ask)).await else {
        return StorageInfo::default();
    };
    let get = |name: &str| js_sys::Reflect::get(&value, &JsValue::from_str(name)).ok();
    StorageInfo {
        persisted: get("persisted").and_then(|v| v.as_bool()),
        usage: get("usage").and_then(|v| v.as_f64()),
        quota: get("quota").and_then(|v| v.as_f64()),
    }
}

/// Registers `/sw.js`; `on_update` runs when a new version waits to take over.
pub fn register_service_worker(on_update: impl FnMut() + 'static) {
    let callback = Closure::<dyn FnMut()>::new(on_update);
    register_service_worker_js("/sw.js", &callback);
    // The page lives as long as the worker registration matters.
    callback.forget();
}
