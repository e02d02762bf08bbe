//! The device's own small preferences, in `localStorage` through gloo-storage: read at
//! once when the app starts, and none of them any account's data. The language and the
//! home screen to reopen; losing the last moment's change of either to a crash costs
//! nothing.
//!
//! Not here: the session (`device`: it must survive a crash right after signing in)
//! and the sync identity of a device (its numbering must commit in the same IndexedDB
//! transaction as the patches it numbers, so it lives in the account's database).

use gloo_storage::{LocalStorage, Storage};
use vero_domain::Lang;

const LANG: &str = "vero.lang";
const LAST_PATH: &str = "vero.last_path";

/// What the app reads at start: its language and the last screen.
#[derive(Debug, Clone, PartialEq)]
pub struct StartPrefs {
    pub lang: Option<Lang>,
    pub last_path: Option<String>,
}

/// A kept value of the wrong shape (from an older app, or spoiled) reads as none.
pub fn start_prefs() -> StartPrefs {
    StartPrefs {
        lang: lang(),
        last_path: last_path(),
    }
}

/// Each preference is one plain text (a language code, a path): read and written as it
/// is, through gloo-storage's handle on `localStorage`, without a JSON library in the
/// download for two short strings.
fn get(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

/// A failure to keep a preference (storage full or refused) changes only what the next
/// start remembers.
fn set(key: &str, value: &str) {
    let _ = LocalStorage::raw().set_item(key, value);
}

pub fn lang() -> Option<Lang> {
    Lang::from_code(&get(LANG)?)
}

pub fn set_lang(lang: Lang) {
    set(LANG, lang.code());
}

/// The home screen the person was last on, to reopen it on the next start. Only a path
/// of this app's (`/…`) counts.
pub fn last_path() -> Option<String> {
    get(LAST_PATH).filter(|p| p.starts_with('/'))
}

pub fn set_last_path(path: &str) {
    set(LAST_PATH, path);
}
