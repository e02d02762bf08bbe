//! The observation sheet's template: sections of criteria, the rating scale, and the
//! built-in default (DOMAIN.md). A template is data with an id and a version, so the
//! municipality can publish a new one without stranding drafts made under the old.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashSet;
use std::fmt;

use crate::{Lang, ObservationKind};

/// A text in both UI languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    pub lv: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Lv => &self.lv,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Template {
    pub id: String,
    pub version: u32,
    pub name: Text,
    pub scale: Vec<ScaleLevel>,
    /// The label of "N/V": not observed in this lesson.
    pub not_observed: Text,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScaleLevel {
    pub value: u8,
    pub label: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Section {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    /// A section answered in free text instead of ratings, with its prompt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_text: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Criterion {
    pub id: String,
    pub text: Text,
    /// May be left unrated when the sheet is shared, whatever the observation type.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// May be left unrated in these observation types only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub optional_for: Vec<ObservationKind>,
}

impl Criterion {
    /// Whether a sheet of `kind` may be shared with this criterion unrated.
    pub fn is_optional(&self, kind: ObservationKind) -> bool {
        self.optional || self.optional_for.contains(&kind)
    }
}

/// One rating: a level of the scale, or N/V (not observed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rating {
    Level(u8),
    NotObserved,
}

impl Serialize for Rating {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Rating::Level(n) => s.serialize_u8(*n),
            Rating::NotObserved => s.serialize_str("nv"),
        }
    }
}

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor of its own rather than an untagged enum: that buffers the value
        // first, which costs the browser app several KB of code.
        struct RatingVisitor;

        impl serde::de::Visitor<'_> for RatingVisitor {
            type Value = Rating;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scale level or \"nv\"")
            }

            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Rating, E> {
                u8::try_from(n)
                    .map(Rating::Level)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(n), &self))
            }

            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Rating, E> {
                u8::try_from(n)
                    .map(Rating::Level)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(n), &self))
            }

            fn visit_str<E: serde::de::Error>(self, t: &str) -> Result<Rating, E> {
                match t {
                    "nv" => Ok(Rating::NotObserved),
                    _ => Err(E::custom(format!(
                        "a rating is a scale level or \"nv\", not \"{t}\""
                    ))),
                }
            }
        }

        d.deserialize_any(RatingVisitor)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    DuplicateId(String),
    EmptyText(String),
    ScaleNotContiguous,
    NoCriteria,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::DuplicateId(id) => write!(f, "the id \"{id}\" is used twice"),
            TemplateError::EmptyText(at) => write!(f, "{at} has an empty text"),
            TemplateError::ScaleNotContiguous => write!(f, "the scale must run 1, 2, 3, …"),
            TemplateError::NoCriteria => write!(f, "the template has no criteria"),
        }
    }
}

impl std::error::Error for TemplateError {}

impl Template {
    /// The built-in default template, as `templates/default.json` has it (built by
    /// code that `build.rs` writes from that file).
    pub fn default_template() -> Template {
        include!(concat!(env!("OUT_DIR"), "/default_template.rs"))
    }

    pub fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.sections.iter().flat_map(|s| s.criteria.iter())
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria().find(|c| c.id == id)
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn max_level(&self) -> u8 {
        self.scale.iter().map(|l| l.value).max().unwrap_or(0)
    }

    pub fn level(&self, value: u8) -> Option<&ScaleLevel> {
        self.scale.iter().find(|l| l.value == value)
    }

    /// Whether a rating fits this template's scale.
    pub fn accepts(&self, rating: Rating) -> bool {
        match rating {
            Rating::NotObserved => true,
            Rating::Level(n) => self.level(n).is_some(),
        }
    }

    /// Checks what serde cannot: unique ids, a contiguous scale, no empty texts.
    pub fn check(&self) -> Result<(), TemplateError> {
        let mut seen = HashSet::new();
        let ids = self
            .sections
            .iter()
            .map(|s| &s.id)
            .chain(self.criteria().map(|c| &c.id));
        for id in ids {
            if !seen.insert(id.as_str()) {
                return Err(TemplateError::DuplicateId(id.clone()));
            }
        }
        if self.criteria().next().is_none() {
            return Err(TemplateError::NoCriteria);
        }
        let contiguous = self
            .scale
            .iter()
            .enumerate()
            .all(|(i, l)| usize::from(l.value) == i + 1);
        if self.scale.is_empty() || !contiguous {
            return Err(TemplateError::ScaleNotContiguous);
        }
        let texts = std::iter::once((self.id.as_str(), &self.name))
            .chain(std::iter::once(("N/V", &self.not_observed)))
            .chain(self.scale.iter().map(|l| ("a scale level", &l.label)))
            .chain(self.sections.iter().map(|s| (s.id.as_str(), &s.title)))
            .chain(self.criteria().map(|c| (c.id.as_str(), &c.text)))
            .chain(
                self.sections
                    .iter()
                    .filter_map(|s| s.free_text.as_ref().map(|t| (s.id.as_str(), t))),
            );
        for (at, text) in texts {
            if text.lv.trim().is_empty() || text.en.trim().is_empty() {
                return Err(TemplateError::EmptyText(at.to_owned()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_template_is_the_one_in_domain_md() {
        let t = Template::default_template();
        t.check().unwrap();
        let ids: Vec<_> = t.criteria().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            ["A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2", "C3", "D1", "D2", "D3", "D4"]
        );
        let sections: Vec<_> = t.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(sections, ["A", "B", "C", "D", "E"]);
        assert!(t.section("E").unwrap().free_text.is_some());
        assert!(t.criterion("D4").unwrap().optional);
        assert_eq!(t.criteria().filter(|c| c.optional).count(), 1);
        assert_eq!(t.max_level(), 4);
        assert_eq!(t.level(1).unwrap().label.lv, "sāk ieviest");
        assert_eq!(
            t.level(4).unwrap().label.lv,
            "ievieš padziļināti, var dalīties pieredzē"
        );
        assert_eq!(t.not_observed.get(Lang::Lv), "nav vērots");
        assert_eq!(
            t.criterion("B2").unwrap().text.lv,
            "Augstākā līmeņa domāšana (analizēt, izvērtēt, risināt problēmas)"
        );
    }

    #[test]
    fn the_built_in_template_is_the_json_file() {
        let json = include_str!("../templates/default.json");
        let read: Template = serde_json::from_str(json).unwrap();
        assert_eq!(Template::default_template(), read);
    }

    #[test]
    fn the_template_round_trips_through_json() {
        let t = Template::default_template();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Template>(&json).unwrap(), t);
    }

    #[test]
    fn ratings_are_levels_or_nv_on_the_wire() {
        assert_eq!(serde_json::to_string(&Rating::Level(3)).unwrap(), "3");
        assert_eq!(
            serde_json::to_string(&Rating::NotObserved).unwrap(),
            "\"nv\""
        );
        assert_eq!(
            serde_json::from_str::<Rating>("2").unwrap(),
            Rating::Level(2)
        );
        assert_eq!(
            serde_json::from_str::<Rating>("\"nv\"").unwrap(),
            Rating::NotObserved
        );
        let err = serde_json::from_str::<Rating>("\"great\"").unwrap_err();
        assert!(err.to_string().contains("scale level"), "{err}");
        assert!(serde_json::from_str::<Rating>("-1").is_err());
    }

    #[test]
    fn accepts_only_levels_on_the_scale() {
        let t = Template::default_template();
        assert!(t.accepts(Rating::Level(1)) && t.accepts(Rating::Level(4)));
        assert!(!t.accepts(Rating::Level(0)) && !t.accepts(Rating::Level(5)));
        assert!(t.accepts(Rating::NotObserved));
    }

    #[test]
    fn check_finds_broken_templates() {
        let mut dup = Template::default_template();
        dup.sections[1].criteria[0].id = "A1".into();
        assert_eq!(dup.check(), Err(TemplateError::DuplicateId("A1".into())));

        let mut gap = Template::default_template();
        gap.scale.remove(1);
        assert_eq!(gap.check(), Err(TemplateError::ScaleNotContiguous));

        let mut empty = Template::default_template();
        empty.sections[2].criteria[1].text.en = " ".into();
        assert_eq!(empty.check(), Err(TemplateError::EmptyText("C2".into())));

        let mut none = Template::default_template();
        none.sections.iter_mut().for_each(|s| s.criteria.clear());
        assert_eq!(none.check(), Err(TemplateError::NoCriteria));
    }
}
