//! The sheet's versions. The municipality publishes a new version of its template; every
//! sheet keeps the version it was begun on and is shown with it for good, and new sheets
//! take the newest version the device holds.

use std::collections::BTreeSet;

use crate::observation::TemplateRef;
use crate::template::{Criterion, Section, Template, TemplateError, Text};

/// Why a draft cannot be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishProblem {
    Template(TemplateError),
    /// The scale's levels are the ones every rating already given is on: only their
    /// labels may change.
    ScaleValues,
    /// The draft is another template's.
    OtherTemplate(String),
    /// Nothing differs from the newest version.
    Unchanged,
}

impl From<TemplateError> for PublishProblem {
    fn from(e: TemplateError) -> Self {
        PublishProblem::Template(e)
    }
}

/// The newest of these versions (the built-in when there are none).
pub fn latest<'a>(versions: impl IntoIterator<Item = &'a Template>) -> Option<&'a Template> {
    versions.into_iter().max_by_key(|t| t.version)
}

/// The version a sheet names, among these.
pub fn find<'a>(
    versions: impl IntoIterator<Item = &'a Template>,
    reference: &TemplateRef,
) -> Option<&'a Template> {
    versions
        .into_iter()
        .find(|t| t.id == reference.id && t.version == reference.version)
}

/// `draft` made the version after `newest`, if it may be published.
pub fn prepare(draft: &Template, newest: &Template) -> Result<Template, PublishProblem> {
    if draft.id != newest.id {
        return Err(PublishProblem::OtherTemplate(draft.id.clone()));
    }
    let mut next = draft.clone();
    next.version = newest.version + 1;
    for text in texts_mut(&mut next) {
        text.lv = text.lv.trim().to_owned();
        text.en = text.en.trim().to_owned();
    }
    for criterion in next.sections.iter_mut().flat_map(|s| s.criteria.iter_mut()) {
        let kinds: BTreeSet<_> = criterion.optional_for.iter().copied().collect();
        criterion.optional_for = kinds.into_iter().collect();
    }
    next.check()?;
    let values = |t: &Template| t.scale.iter().map(|l| l.value).collect::<Vec<_>>();
    if values(&next) != values(newest) {
        return Err(PublishProblem::ScaleValues);
    }
    let same = Template {
        version: newest.version,
        ..next.clone()
    };
    if &same == newest {
        return Err(PublishProblem::Unchanged);
    }
    Ok(next)
}

fn texts_mut(t: &mut Template) -> Vec<&mut Text> {
    let mut all = vec![&mut t.name, &mut t.not_observed];
    all.extend(t.scale.iter_mut().map(|l| &mut l.label));
    for section in &mut t.sections {
        all.push(&mut section.title);
        if let Some(prompt) = &mut section.free_text {
            all.push(prompt);
        }
        all.extend(section.criteria.iter_mut().map(|c| &mut c.text));
    }
    all
}

/// An id for a new criterion of `section`: the section's letter and the next number not
/// used in any version, so a removed criterion's ratings never read as a new one's.
pub fn new_criterion_id<'a>(
    section: &str,
    versions: impl IntoIterator<Item = &'a Template> + Clone,
    draft: &'a Template,
) -> String {
    let used = used_ids(versions, draft);
    (1..)
        .map(|n| format!("{section}{n}"))
        .find(|id| !used.contains(id))
        .expect("an unused number")
}

/// An id for a new section: the next letter not used in any version.
pub fn new_section_id<'a>(
    versions: impl IntoIterator<Item = &'a Template> + Clone,
    draft: &'a Template,
) -> String {
    let used = used_ids(versions, draft);
    ('A'..='Z')
        .map(String::from)
        .chain((1..).map(|n| format!("S{n}")))
        .find(|id| !used.contains(id))
        .expect("an unused id")
}

fn used_ids<'a>(
    versions: impl IntoIterator<Item = &'a Template>,
    draft: &'a Template,
) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for t in versions.into_iter().chain(std::iter::once(draft)) {
        for s in &t.sections {
            used.insert(s.id.clone());
            used.extend(s.criteria.iter().map(|c| c.id.clone()));
        }
    }
    used
}

/// A criterion with empty texts for the editor to fill in.
pub fn blank_criterion(id: String) -> Criterion {
    Criterion {
        id,
        text: Text {
            lv: String::new(),
            en: String::new(),
        },
        optional: false,
        optional_for: Vec::new(),
    }
}

/// A section with one blank criterion.
pub fn blank_section(id: String) -> Section {
    let first = format!("{id}1");
    Section {
        id,
        title: Text {
            lv: String::new(),
            en: String::new(),
        },
        criteria: vec![blank_criterion(first)],
        free_text: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ObservationKind;

    fn v1() -> Template {
        Template::default_template()
    }

    #[test]
    fn a_changed_draft_becomes_the_next_version_trimmed() {
        let mut draft = v1();
        draft.sections[0].criteria[0].text.lv = "  Skolēni zina SR  ".into();
        draft.sections[0].criteria[1].optional_for = vec![
            ObservationKind::Peer,
            ObservationKind::Mentor,
            ObservationKind::Peer,
        ];
        let next = prepare(&draft, &v1()).unwrap();
        assert_eq!(next.version, 2);
        assert_eq!(next.sections[0].criteria[0].text.lv, "Skolēni zina SR");
        assert_eq!(
            next.sections[0].criteria[1].optional_for,
            [ObservationKind::Peer, ObservationKind::Mentor]
        );
        assert!(next.sections[0].criteria[1].is_optional(ObservationKind::Peer));
        assert!(!next.sections[0].criteria[1].is_optional(ObservationKind::Consultant));
    }

    #[test]
    fn an_unchanged_draft_or_a_new_scale_is_refused() {
        assert_eq!(prepare(&v1(), &v1()), Err(PublishProblem::Unchanged));
        let mut spaces = v1();
        spaces.name.lv.push(' ');
        assert_eq!(prepare(&spaces, &v1()), Err(PublishProblem::Unchanged));
        let mut five = v1();
        five.scale.push(crate::template::ScaleLevel {
            value: 5,
            label: Text {
                lv: "izcili".into(),
                en: "excellent".into(),
            },
        });
        assert_eq!(prepare(&five, &v1()), Err(PublishProblem::ScaleValues));
        let mut other = v1();
        other.id = "cits".into();
        assert!(matches!(
            prepare(&other, &v1()),
            Err(PublishProblem::OtherTemplate(_))
        ));
    }

    #[test]
    fn an_empty_text_is_named() {
        let mut draft = v1();
        draft.sections[1]
            .criteria
            .push(blank_criterion("B4".into()));
        assert_eq!(
            prepare(&draft, &v1()),
            Err(PublishProblem::Template(TemplateError::EmptyText(
                "B4".into()
            )))
        );
    }

    #[test]
    fn new_ids_never_reuse_one_of_any_version() {
        let first = v1();
        let mut second = v1();
        second.version = 2;
        second.sections[0].criteria.retain(|c| c.id != "A3");
        // A3 was removed in version 2: a new criterion of A is A4, not A3.
        assert_eq!(new_criterion_id("A", [&first, &second], &second), "A4");
        assert_eq!(new_section_id([&first, &second], &second), "F");
        let mut draft = second.clone();
        draft.sections.push(blank_section("F".into()));
        assert_eq!(new_section_id([&first, &second], &draft), "G");
        assert_eq!(draft.sections[5].criteria[0].id, "F1");
    }

    #[test]
    fn the_newest_and_a_named_version_are_found() {
        let first = v1();
        let mut second = v1();
        second.version = 2;
        let all = [first.clone(), second.clone()];
        assert_eq!(latest(&all).unwrap().version, 2);
        let old = TemplateRef {
            id: first.id.clone(),
            version: 1,
        };
        assert_eq!(find(&all, &old), Some(&first));
        let unknown = TemplateRef {
            id: first.id.clone(),
            version: 9,
        };
        assert_eq!(find(&all, &unknown), None);
    }
}
