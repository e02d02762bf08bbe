//! The UI's words come from `lv.txt` and `en.txt`; components ask for them by key.

pub mod dates;
pub mod fields;

use leptos::prelude::*;
use std::sync::OnceLock;
use vero_domain::{Catalog, Lang};

pub fn catalog(lang: Lang) -> &'static Catalog {
    static LV: OnceLock<Catalog> = OnceLock::new();
    static EN: OnceLock<Catalog> = OnceLock::new();
    // Both files are checked by the domain crate's tests, so parsing cannot fail in a
    // build that passed them; an empty catalogue would still show the keys.
    let (cell, source) = match lang {
        Lang::Lv => (&LV, include_str!("lv.txt")),
        Lang::En => (&EN, include_str!("en.txt")),
    };
    cell.get_or_init(|| Catalog::parse(source).unwrap_or_default())
}

/// The chosen language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The text for `key` in the current language (reactive).
    pub fn t(&self, key: &str) -> String {
        self.format(key, &[])
    }

    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        catalog(self.lang.get()).format(key, args)
    }

    /// The text for a count of `n`, in the form the language uses for that number
    /// (`key.zero`, `key.one`, `key.other`), with `{n}` filled in.
    pub fn count(&self, key: &str, n: usize, args: &[(&str, &str)]) -> String {
        let lang = self.lang.get();
        catalog(lang).count(lang, key, n as u64, args)
    }
}

pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        lang: RwSignal::new(Lang::default()),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A reactive text for views: `{tr("signin.title")}`.
pub fn tr(key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}
