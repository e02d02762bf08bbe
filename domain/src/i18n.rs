//! UI languages and the message catalogues the app's strings live in.
//!
//! A catalogue is a plain text file of `key = value` lines (`#` starts a comment), so
//! translators can edit it without touching code. `{name}` in a value is a placeholder.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The UI language. Latvian comes first: it is the municipality's working language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Lv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Lv, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Lv => "lv",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogError {
    NoEquals { line: usize },
    EmptyKey { line: usize },
    EmptyValue { line: usize, key: String },
    Duplicate { line: usize, key: String },
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::NoEquals { line } => write!(f, "line {line}: expected `key = value`"),
            CatalogError::EmptyKey { line } => write!(f, "line {line}: the key is empty"),
            CatalogError::EmptyValue { line, key } => {
                write!(f, "line {line}: \"{key}\" has no text")
            }
            CatalogError::Duplicate { line, key } => {
                write!(f, "line {line}: \"{key}\" is defined twice")
            }
        }
    }
}

impl std::error::Error for CatalogError {}

/// One language's messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    messages: BTreeMap<String, String>,
}

impl Catalog {
    pub fn parse(source: &str) -> Result<Catalog, CatalogError> {
        let mut messages = BTreeMap::new();
        for (index, raw) in source.lines().enumerate() {
            let line = index + 1;
            let text = raw.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let (key, value) = text
                .split_once('=')
                .ok_or(CatalogError::NoEquals { line })?;
            let (key, value) = (key.trim(), value.trim());
            if key.is_empty() {
                return Err(CatalogError::EmptyKey { line });
            }
            if value.is_empty() {
                let key = key.to_owned();
                return Err(CatalogError::EmptyValue { line, key });
            }
            if messages.insert(key.to_owned(), value.to_owned()).is_some() {
                let key = key.to_owned();
                return Err(CatalogError::Duplicate { line, key });
            }
        }
        Ok(Catalog { messages })
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.messages.get(key).map(String::as_str)
    }

    /// The message with each `{name}` replaced; a missing key shows as the key itself so
    /// a gap is visible on screen rather than a blank.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        let Some(template) = self.get(key) else {
            return key.to_owned();
        };
        args.iter()
            .fold(template.to_owned(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LV: &str = include_str!("../../src/i18n/lv.txt");
    const EN: &str = include_str!("../../src/i18n/en.txt");

    #[test]
    fn parses_keys_values_and_comments() {
        let c = Catalog::parse("# heading\n\na = Alfa\n  b.c =  Beta = gamma  \n").unwrap();
        assert_eq!(c.get("a"), Some("Alfa"));
        assert_eq!(c.get("b.c"), Some("Beta = gamma"));
        assert_eq!(c.keys().count(), 2);
    }

    #[test]
    fn reports_the_line_of_a_mistake() {
        assert_eq!(
            Catalog::parse("a = 1\nno equals here").unwrap_err(),
            CatalogError::NoEquals { line: 2 }
        );
        assert_eq!(
            Catalog::parse(" = x").unwrap_err(),
            CatalogError::EmptyKey { line: 1 }
        );
        let dup = Catalog::parse("a = 1\n\na = 2").unwrap_err();
        assert_eq!(dup.to_string(), "line 3: \"a\" is defined twice");
        let empty = Catalog::parse("a =").unwrap_err();
        assert_eq!(empty.to_string(), "line 1: \"a\" has no text");
    }

    #[test]
    fn formats_placeholders_and_shows_missing_keys() {
        let c = Catalog::parse("hello = Sveiki, {name}! {name}?").unwrap();
        assert_eq!(
            c.format("hello", &[("name", "Anna")]),
            "Sveiki, Anna! Anna?"
        );
        assert_eq!(c.format("nope", &[]), "nope");
    }

    #[test]
    fn shipped_catalogues_parse_and_have_the_same_keys() {
        let lv = Catalog::parse(LV).expect("lv.txt");
        let en = Catalog::parse(EN).expect("en.txt");
        let lv_keys: Vec<_> = lv.keys().collect();
        let en_keys: Vec<_> = en.keys().collect();
        assert_eq!(
            lv_keys, en_keys,
            "lv.txt and en.txt must define the same keys"
        );
        assert!(lv_keys.len() > 20);
    }

    #[test]
    fn every_role_and_home_has_text_in_both_languages() {
        for source in [LV, EN] {
            let c = Catalog::parse(source).unwrap();
            for role in crate::Role::ALL {
                assert!(c.get(&format!("role.{}", role.id())).is_some(), "{role}");
            }
            for home in crate::Home::ALL {
                for part in ["title", "intro"] {
                    let key = format!("home.{}.{part}", home.id());
                    assert!(c.get(&key).is_some(), "{key}");
                }
            }
        }
    }

    #[test]
    fn latvian_catalogue_is_really_latvian() {
        let lv = Catalog::parse(LV).unwrap();
        assert_eq!(lv.get("signin.submit"), Some("Pieslēgties"));
        assert!(LV.contains('ē') && LV.contains('ā'));
    }

    #[test]
    fn lang_codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("ru"), None);
        assert_eq!(Lang::default(), Lang::Lv);
    }
}
