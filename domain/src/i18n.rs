//! UI languages and the message catalogues the app's strings live in.
//!
//! A catalogue is a plain text file of `key = value` lines (`#` starts a comment), so
//! translators can edit it without touching code. `{name}` in a value is a placeholder.
//!
//! A message with a count has one line per plural form the language has, its key
//! followed by the form's name: `notes.count.one = {n} note`, `notes.count.other =
//! {n} notes`. Latvian has three forms (`zero`, `one`, `other`), English two (`one`,
//! `other`); [`Catalog::count`] picks the one for the number. The forms follow CLDR,
//! so a translator can check them against any plural table.

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

    /// The plural form a whole number takes, by CLDR's rules for the language. Latvian
    /// counts by the last digits, not by size: 21 takes the singular ("21 piezīme"), and
    /// numbers ending in 0 or in 11–19 the genitive ("10 piezīmju", "111 piezīmju").
    pub fn plural(self, n: u64) -> Plural {
        match self {
            Lang::Lv => {
                let (last, last_two) = (n % 10, n % 100);
                if last == 0 || (11..=19).contains(&last_two) {
                    Plural::Zero
                } else if last == 1 {
                    Plural::One
                } else {
                    Plural::Other
                }
            }
            Lang::En if n == 1 => Plural::One,
            Lang::En => Plural::Other,
        }
    }

    /// The forms every counted message needs in this language's catalogue.
    pub fn plural_forms(self) -> &'static [Plural] {
        match self {
            Lang::Lv => &[Plural::Zero, Plural::One, Plural::Other],
            Lang::En => &[Plural::One, Plural::Other],
        }
    }
}

/// A plural category, named as CLDR names it. The names are only labels: Latvian
/// "zero" also covers 10, 11 and 20, and English has no "zero" at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Plural {
    Zero,
    One,
    Other,
}

impl Plural {
    pub const ALL: [Plural; 3] = [Plural::Zero, Plural::One, Plural::Other];

    /// The suffix of the form's key in a catalogue: `notes.count.zero`.
    pub fn id(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Other => "other",
        }
    }

    /// The form a catalogue key names, and the message's own key: `("notes.count",
    /// One)` for `notes.count.one`.
    pub fn of_key(key: &str) -> Option<(&str, Plural)> {
        let (stem, suffix) = key.rsplit_once('.')?;
        let form = Plural::ALL.into_iter().find(|p| p.id() == suffix)?;
        Some((stem, form))
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

    /// The counted message `key` for `n` in `lang` (the catalogue's language), with `{n}`
    /// and each other `{name}` filled. A form the catalogue lacks falls back to
    /// `key.other`, so a half-translated message still shows the number; with no form
    /// at all the key shows, as with [`Catalog::format`]. The number is written in plain
    /// digits: counts on a sheet stay well below where grouping would matter.
    pub fn count(&self, lang: Lang, key: &str, n: u64, args: &[(&str, &str)]) -> String {
        let form = lang.plural(n);
        let found = [form, Plural::Other]
            .into_iter()
            .map(|form| format!("{key}.{}", form.id()))
            .find(|k| self.get(k).is_some());
        let Some(found) = found else {
            return key.to_owned();
        };
        let n = n.to_string();
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(("n", n.as_str()));
        all.extend_from_slice(args);
        self.format(&found, &all)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

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

    /// The messages a catalogue defines: a plain key as it is (false), a counted
    /// message once by its own key (true) with the forms it has. Two languages must
    /// define the same messages, but not the same forms.
    fn messages(c: &Catalog) -> BTreeMap<(&str, bool), BTreeSet<Plural>> {
        let mut messages: BTreeMap<_, BTreeSet<_>> = BTreeMap::new();
        for key in c.keys() {
            match Plural::of_key(key) {
                Some((stem, form)) => messages.entry((stem, true)).or_default().insert(form),
                None => messages
                    .entry((key, false))
                    .or_default()
                    .insert(Plural::Other),
            };
        }
        messages
    }

    /// What is wrong with a catalogue's counted messages for its language: a form the
    /// language needs and lacks (it would fall back to "other": "1 piezīmes"), a form it
    /// never picks (a translator's text nobody sees), or a form used for many numbers
    /// that does not show the number (Latvian "one" is also 21 and 101).
    fn count_mistakes(c: &Catalog, lang: Lang) -> Vec<String> {
        let needed: BTreeSet<Plural> = lang.plural_forms().iter().copied().collect();
        let mut mistakes = Vec::new();
        for ((stem, counted), forms) in messages(c) {
            if !counted {
                continue;
            }
            if forms != needed {
                mistakes.push(format!("{stem}: has {forms:?}, {lang:?} needs {needed:?}"));
            }
            for form in forms {
                let key = format!("{stem}.{}", form.id());
                let numbers = (0..1000).filter(|&n| lang.plural(n) == form).count();
                if numbers > 1 && !c.get(&key).unwrap_or_default().contains("{n}") {
                    mistakes.push(format!("{key}: stands for {numbers} numbers, needs {{n}}"));
                }
            }
        }
        mistakes
    }

    #[test]
    fn shipped_catalogues_parse_and_have_the_same_messages() {
        let lv = Catalog::parse(LV).expect("lv.txt");
        let en = Catalog::parse(EN).expect("en.txt");
        let lv_messages: Vec<_> = messages(&lv).into_keys().collect();
        let en_messages: Vec<_> = messages(&en).into_keys().collect();
        assert_eq!(
            lv_messages, en_messages,
            "lv.txt and en.txt must define the same messages"
        );
        assert!(lv_messages.len() > 20);
        assert_eq!(count_mistakes(&lv, Lang::Lv), Vec::<String>::new());
        assert_eq!(count_mistakes(&en, Lang::En), Vec::<String>::new());
    }

    const NOTES_LV: &str = "notes.count.zero = {n} piezīmju\n\
                            notes.count.one = {n} piezīme\n\
                            notes.count.other = {n} piezīmes\n";
    const NOTES_EN: &str = "notes.count.one = one note\nnotes.count.other = {n} notes\n";

    #[test]
    fn counted_messages_pick_the_languages_form() {
        let lv = Catalog::parse(NOTES_LV).unwrap();
        let en = Catalog::parse(NOTES_EN).unwrap();
        let say = |c: &Catalog, lang, n| c.count(lang, "notes.count", n, &[]);
        let lv_texts: Vec<_> = [0, 1, 2, 10, 11, 21, 22, 111]
            .map(|n| say(&lv, Lang::Lv, n))
            .into();
        assert_eq!(
            lv_texts,
            [
                "0 piezīmju",
                "1 piezīme",
                "2 piezīmes",
                "10 piezīmju",
                "11 piezīmju",
                "21 piezīme",
                "22 piezīmes",
                "111 piezīmju",
            ]
        );
        assert_eq!(say(&en, Lang::En, 1), "one note");
        assert_eq!(say(&en, Lang::En, 0), "0 notes");
        assert_eq!(say(&en, Lang::En, 21), "21 notes");
        // Both are right as catalogues go.
        assert_eq!(count_mistakes(&lv, Lang::Lv), Vec::<String>::new());
        assert_eq!(count_mistakes(&en, Lang::En), Vec::<String>::new());
        // And the two define the same message.
        assert_eq!(
            messages(&lv).into_keys().collect::<Vec<_>>(),
            messages(&en).into_keys().collect::<Vec<_>>()
        );
    }

    #[test]
    fn counted_messages_fill_other_placeholders_and_fall_back_to_other() {
        let c =
            Catalog::parse("left.one = {name}: {n} step left\nleft.other = {name}: {n} steps left")
                .unwrap();
        let args = [("name", "Anna")];
        assert_eq!(c.count(Lang::En, "left", 1, &args), "Anna: 1 step left");
        // Latvian "zero" missing here: "other" stands in rather than a blank.
        assert_eq!(c.count(Lang::Lv, "left", 10, &args), "Anna: 10 steps left");
        assert_eq!(c.count(Lang::En, "nope", 3, &[]), "nope");
        let only_one = Catalog::parse("x.one = just one").unwrap();
        assert_eq!(only_one.count(Lang::En, "x", 2, &[]), "x", "no form for 2");
    }

    #[test]
    fn mistakes_in_counted_messages_are_caught() {
        // Latvian without "zero": 10 would read "10 piezīmes".
        let lv = Catalog::parse("n.one = {n} piezīme\nn.other = {n} piezīmes").unwrap();
        assert_eq!(count_mistakes(&lv, Lang::Lv).len(), 1);
        // Latvian "one" without the number: 21 would read "viena piezīme".
        let lv =
            Catalog::parse("n.zero = {n} piezīmju\nn.one = viena piezīme\nn.other = {n} piezīmes")
                .unwrap();
        assert_eq!(
            count_mistakes(&lv, Lang::Lv),
            ["n.one: stands for 90 numbers, needs {n}"]
        );
        // English "zero" is never picked.
        let en = Catalog::parse("n.zero = none\nn.one = one\nn.other = {n}").unwrap();
        assert_eq!(count_mistakes(&en, Lang::En).len(), 1);
        // A plain key and a counted message of the same name are different messages.
        let plain = Catalog::parse("n = {n} notes").unwrap();
        let counted = Catalog::parse(NOTES_EN.replace("notes.count", "n").as_str()).unwrap();
        assert_ne!(
            messages(&plain).into_keys().collect::<Vec<_>>(),
            messages(&counted).into_keys().collect::<Vec<_>>()
        );
    }

    #[test]
    fn plural_forms_follow_cldr() {
        let lv = |n| Lang::Lv.plural(n);
        let en = |n| Lang::En.plural(n);
        use Plural::*;
        let table = [
            (0, Zero, Other),
            (1, One, One),
            (2, Other, Other),
            (9, Other, Other),
            (10, Zero, Other),
            (11, Zero, Other),
            (12, Zero, Other),
            (19, Zero, Other),
            (20, Zero, Other),
            (21, One, Other),
            (22, Other, Other),
            (100, Zero, Other),
            (101, One, Other),
            (111, Zero, Other),
            (112, Zero, Other),
            (121, One, Other),
            (1011, Zero, Other),
            (u64::MAX, Zero, Other), // …615,
        ];
        for (n, in_lv, in_en) in table {
            assert_eq!((lv(n), en(n)), (in_lv, in_en), "{n}");
        }
        for lang in Lang::ALL {
            let used: BTreeSet<_> = (0..200).map(|n| lang.plural(n)).collect();
            let listed: BTreeSet<_> = lang.plural_forms().iter().copied().collect();
            assert_eq!(used, listed, "{lang:?}");
        }
        for form in Plural::ALL {
            assert_eq!(
                Plural::of_key(&format!("a.b.{}", form.id())),
                Some(("a.b", form))
            );
        }
        assert_eq!(Plural::of_key("sync.last"), None);
        assert_eq!(Plural::of_key("one"), None);
    }

    proptest::proptest! {
        #[test]
        fn latvian_forms_depend_only_on_the_last_two_digits(n in proptest::num::u64::ANY) {
            proptest::prop_assert_eq!(Lang::Lv.plural(n), Lang::Lv.plural(n % 100));
            let expected = if n % 10 == 0 || (11..=19).contains(&(n % 100)) {
                Plural::Zero
            } else if n % 10 == 1 {
                Plural::One
            } else {
                Plural::Other
            };
            proptest::prop_assert_eq!(Lang::Lv.plural(n), expected);
        }

        #[test]
        fn english_has_one_only_for_one(n in proptest::num::u64::ANY) {
            proptest::prop_assert_eq!(Lang::En.plural(n) == Plural::One, n == 1);
        }

        #[test]
        fn a_count_always_shows_its_number_in_latvian(n in 0u64..100_000) {
            let lv = Catalog::parse(NOTES_LV).unwrap();
            let text = lv.count(Lang::Lv, "notes.count", n, &[]);
            proptest::prop_assert!(text.starts_with(&format!("{n} piezīm")), "{}", text);
        }
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
