//! Names in Latvian order and search: č, ģ, ķ, ļ, ņ, š and ž are letters of their own
//! that follow c, g, k, l, n, s and z; ā, ē, ī and ū sort with a, e, i and u (a long
//! vowel only breaks a tie). Search ignores case and diacritics, so "berzina" finds
//! "Bērziņa".

use std::cmp::Ordering;

/// The letter a character sorts as: its base letter's place in the alphabet and
/// whether it is the letter after it (č after c), plus a tie-breaker for long vowels.
fn weight(c: char) -> (u32, u8, u8) {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let (base, after, long) = match lower {
        'ā' => ('a', 0, 1),
        'ē' => ('e', 0, 1),
        'ī' => ('i', 0, 1),
        'ū' => ('u', 0, 1),
        'ō' => ('o', 0, 1),
        'č' => ('c', 1, 0),
        'ģ' => ('g', 1, 0),
        'ķ' => ('k', 1, 0),
        'ļ' => ('l', 1, 0),
        'ņ' => ('n', 1, 0),
        'š' => ('s', 1, 0),
        'ž' => ('z', 1, 0),
        other => (other, 0, 0),
    };
    (u32::from(base), after, long)
}

/// Latvian alphabetical order, then case, then the names as written.
pub fn compare(a: &str, b: &str) -> Ordering {
    let primary = |s: &str| {
        s.chars()
            .map(|c| {
                let (b, after, _) = weight(c);
                (b, after)
            })
            .collect::<Vec<_>>()
    };
    let long = |s: &str| s.chars().map(|c| weight(c).2).collect::<Vec<_>>();
    primary(a)
        .cmp(&primary(b))
        .then_with(|| long(a).cmp(&long(b)))
        .then_with(|| a.cmp(b))
}

/// Text as search compares it: lower case, without diacritics.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ā' | 'á' | 'à' | 'ä' => 'a',
            'č' | 'ć' => 'c',
            'ē' | 'é' | 'è' | 'ë' => 'e',
            'ģ' => 'g',
            'ī' | 'í' => 'i',
            'ķ' => 'k',
            'ļ' => 'l',
            'ņ' | 'ń' => 'n',
            'ō' | 'ó' | 'ö' => 'o',
            'š' | 'ś' => 's',
            'ū' | 'ú' | 'ü' => 'u',
            'ž' | 'ź' | 'ż' => 'z',
            other => other,
        })
        .collect()
}

/// What was typed as search compares it. A list folds it once and compares it with
/// each record's text folded beforehand, rather than calling [`matches`] per record.
pub fn fold_query(typed: &str) -> String {
    fold(typed.trim())
}

/// Whether `text` holds what was typed, whatever its case and diacritics.
pub fn matches(text: &str, typed: &str) -> bool {
    fold(text).contains(fold_query(typed).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn latvian_letters_follow_their_base_and_long_vowels_sort_with_theirs() {
        assert_eq!(
            sorted(&["Čakste", "Dombrovska", "Cīrulis"]),
            ["Cīrulis", "Čakste", "Dombrovska"]
        );
        assert_eq!(
            sorted(&["Šmits", "Tauriņš", "Siliņa"]),
            ["Siliņa", "Šmits", "Tauriņš"]
        );
        assert_eq!(sorted(&["Žagars", "Zariņa"]), ["Zariņa", "Žagars"]);
        // ā with a: "Ābele" before "Abrene"'s b would put it, between "Aa…" and "Ac…".
        assert_eq!(sorted(&["Acis", "Ābele", "Aa"]), ["Aa", "Ābele", "Acis"]);
        assert_eq!(
            sorted(&["Ēvalds", "Egle", "Ezers"]),
            ["Egle", "Ēvalds", "Ezers"]
        );
        assert_eq!(
            sorted(&["Lūsis", "Lukss", "Luste"]),
            ["Lukss", "Lūsis", "Luste"]
        );
        assert_eq!(sorted(&["ozols", "Ozols"]), ["Ozols", "ozols"]);
    }

    #[test]
    fn search_finds_names_typed_without_diacritics() {
        assert!(matches("Anna Bērziņa", "berzina"));
        assert!(matches("Anna Bērziņa", "  BĒRZ "));
        assert!(matches("Kristīne Lāce", "lace"));
        assert!(!matches("Anna Bērziņa", "ozols"));
        assert!(matches("Anna", ""));
    }
}
