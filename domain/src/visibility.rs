//! Who sees a shared observation, by its type (confidentiality, 11.1.5).
//!
//! Peer observation is collegial, not surveillance: a collegial observation's words
//! stay between the observer, the teacher and the teacher's mentors; school management
//! and the municipality learn only that it happened (and count its ratings inside
//! anonymous figures) unless the teacher chooses to show it to management. Evaluative
//! observations (learning consultant, municipal specialist, quality grade) are also for
//! the school's management, who read the atzinums, and the municipal specialists see
//! them all. The teacher sees everything written about them; a private note never
//! leaves its author. The server applies these rules to every pull; the sheet shows
//! them to its readers.

use crate::sync::{class_of, FieldClass};
use crate::ObservationKind;

/// How someone stands to one observation. One person may stand in several ways.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relations {
    pub author: bool,
    pub teacher: bool,
    /// A mentor of the teacher.
    pub mentor: bool,
    /// A learning consultant or ed-tech mentor assigned to the teacher or their school.
    pub assigned: bool,
    /// Management of the teacher's school.
    pub management: bool,
    /// A municipal education specialist.
    pub specialist: bool,
}

/// Where the observation is, as far as who sees it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exposure {
    pub kind: ObservationKind,
    /// Shared with the teacher (not a draft, not withdrawn).
    pub shared: bool,
    /// Withdrawn after the teacher had read it: the teacher keeps it.
    pub trace: bool,
    /// The teacher chose to show a collegial observation to management.
    pub shown_to_management: bool,
}

/// How much of an observation someone sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sight {
    None,
    /// That it happened: date, type, observer, teacher, where it is in its workflow and
    /// when its next step is due. No words, no ratings.
    Summary,
    /// Everything but the atzinums and the private note.
    Sheet,
    /// Everything but the private note.
    WithOpinion,
    /// Everything: its author.
    All,
}

/// Whether observations of this kind are collegial (between colleagues) rather than
/// evaluative.
pub fn is_collegial(kind: ObservationKind) -> bool {
    !matches!(
        kind,
        ObservationKind::Consultant | ObservationKind::Specialist | ObservationKind::QualityGrade
    )
}

pub fn sight(r: &Relations, e: &Exposure) -> Sight {
    if r.author {
        return Sight::All;
    }
    if r.teacher && (e.shared || e.trace) {
        return Sight::WithOpinion;
    }
    if !e.shared {
        return Sight::None;
    }
    let collegial = is_collegial(e.kind);
    let mut best = Sight::None;
    let mut see = |s: Sight| best = best.max(s);
    if r.mentor {
        see(Sight::Sheet);
    }
    if r.management {
        see(match (collegial, e.shown_to_management) {
            (false, _) => Sight::WithOpinion,
            (true, true) => Sight::Sheet,
            (true, false) => Sight::Summary,
        });
    }
    if r.specialist {
        see(if collegial {
            Sight::Summary
        } else {
            Sight::WithOpinion
        });
    }
    if r.assigned {
        see(if collegial {
            Sight::Summary
        } else {
            Sight::Sheet
        });
    }
    best
}

/// What of a field someone with `sight` receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    Whole,
    /// An event, without its words (`Act::redacted`).
    Redacted,
    Hidden,
}

/// The fields of the summary: that the observation happened, and its workflow.
const SUMMARY: [&str; 9] = [
    "kind",
    "template",
    "status",
    "created_at",
    "deleted_at",
    "context.school",
    "context.teacher",
    "context.teacher_id",
    "context.observer",
];

pub fn read(sight: Sight, path: &str) -> Read {
    let Some(class) = class_of(path) else {
        return Read::Hidden;
    };
    let whole = |yes: bool| if yes { Read::Whole } else { Read::Hidden };
    match sight {
        Sight::None => Read::Hidden,
        Sight::Summary => match class {
            FieldClass::Event(_) => Read::Redacted,
            _ => whole(SUMMARY.contains(&path) || path == "context.date"),
        },
        Sight::Sheet => whole(!matches!(class, FieldClass::Opinion | FieldClass::Private)),
        Sight::WithOpinion => whole(class != FieldClass::Private),
        Sight::All => Read::Whole,
    }
}

/// The groups a sheet names when it says who can see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Observer,
    Teacher,
    Mentors,
    Consultants,
    Management,
    Specialists,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::Observer,
        Group::Teacher,
        Group::Mentors,
        Group::Consultants,
        Group::Management,
        Group::Specialists,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Group::Observer => "observer",
            Group::Teacher => "teacher",
            Group::Mentors => "mentors",
            Group::Consultants => "consultants",
            Group::Management => "management",
            Group::Specialists => "specialists",
        }
    }

    fn relations(self) -> Relations {
        let mut r = Relations::default();
        match self {
            Group::Observer => r.author = true,
            Group::Teacher => r.teacher = true,
            Group::Mentors => r.mentor = true,
            Group::Consultants => r.assigned = true,
            Group::Management => r.management = true,
            Group::Specialists => r.specialist = true,
        }
        r
    }
}

/// Who sees how much of a shared observation, group by group, for the sheet to show.
pub fn audience(kind: ObservationKind, shown_to_management: bool) -> Vec<(Group, Sight)> {
    let e = Exposure {
        kind,
        shared: true,
        trace: false,
        shown_to_management,
    };
    Group::ALL
        .into_iter()
        .map(|g| (g, sight(&g.relations(), &e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(kind: ObservationKind) -> Exposure {
        Exposure {
            kind,
            shared: true,
            trace: false,
            shown_to_management: false,
        }
    }

    fn only(f: impl Fn(&mut Relations)) -> Relations {
        let mut r = Relations::default();
        f(&mut r);
        r
    }

    #[test]
    fn the_teacher_sees_everything_about_them_and_no_one_else_the_private_note() {
        for kind in ObservationKind::ALL {
            let teacher = sight(&only(|r| r.teacher = true), &shared(kind));
            assert_eq!(teacher, Sight::WithOpinion, "{kind:?}");
            assert_eq!(read(teacher, "opinion"), Read::Whole);
            for g in Group::ALL.into_iter().filter(|g| *g != Group::Observer) {
                let s = sight(&g.relations(), &shared(kind));
                assert_eq!(read(s, "private_note"), Read::Hidden, "{g:?} {kind:?}");
            }
            assert_eq!(read(Sight::All, "private_note"), Read::Whole);
        }
    }

    #[test]
    fn collegial_observations_stay_between_colleagues_unless_the_teacher_shows_them() {
        let head = only(|r| r.management = true);
        let specialist = only(|r| r.specialist = true);
        let mentor = only(|r| r.mentor = true);
        for kind in [
            ObservationKind::Peer,
            ObservationKind::OpenLesson,
            ObservationKind::Mentor,
            ObservationKind::EdtechMentor,
        ] {
            let e = shared(kind);
            assert_eq!(sight(&head, &e), Sight::Summary);
            assert_eq!(sight(&specialist, &e), Sight::Summary);
            assert_eq!(sight(&mentor, &e), Sight::Sheet);
            let shown = Exposure {
                shown_to_management: true,
                ..e
            };
            assert_eq!(sight(&head, &shown), Sight::Sheet);
            assert_eq!(sight(&specialist, &shown), Sight::Summary);
        }
        let summary = Sight::Summary;
        assert_eq!(read(summary, "context.date"), Read::Whole);
        assert_eq!(read(summary, "context.teacher"), Read::Whole);
        assert_eq!(read(summary, "rating.A1"), Read::Hidden);
        assert_eq!(read(summary, "evidence.A1"), Read::Hidden);
        assert_eq!(read(summary, "strength.1"), Read::Hidden);
        assert_eq!(read(summary, "context.goal"), Read::Hidden);
        assert_eq!(read(summary, "reflection"), Read::Hidden);
        assert_eq!(read(summary, "comment.5"), Read::Hidden);
        assert_eq!(read(summary, "event.e1"), Read::Redacted);
    }

    #[test]
    fn evaluative_observations_go_to_management_and_the_municipality_with_the_opinion() {
        for kind in [
            ObservationKind::Consultant,
            ObservationKind::Specialist,
            ObservationKind::QualityGrade,
        ] {
            let e = shared(kind);
            let head = sight(&only(|r| r.management = true), &e);
            assert_eq!(read(head, "opinion"), Read::Whole);
            assert_eq!(
                sight(&only(|r| r.specialist = true), &e),
                Sight::WithOpinion
            );
            let mentor = sight(&only(|r| r.mentor = true), &e);
            assert_eq!(read(mentor, "opinion"), Read::Hidden);
            assert_eq!(read(mentor, "rating.A1"), Read::Whole);
        }
    }

    #[test]
    fn drafts_are_the_authors_and_a_withdrawn_sheet_stays_with_the_teacher_who_read_it() {
        let draft = Exposure {
            shared: false,
            ..shared(ObservationKind::Consultant)
        };
        for g in Group::ALL {
            let expected = if g == Group::Observer {
                Sight::All
            } else {
                Sight::None
            };
            assert_eq!(sight(&g.relations(), &draft), expected, "{g:?}");
        }
        let trace = Exposure {
            trace: true,
            ..draft
        };
        assert_eq!(
            sight(&only(|r| r.teacher = true), &trace),
            Sight::WithOpinion
        );
        assert_eq!(sight(&only(|r| r.management = true), &trace), Sight::None);
        assert_eq!(
            sight(&Relations::default(), &shared(ObservationKind::Peer)),
            Sight::None
        );
    }

    #[test]
    fn one_person_in_several_roles_sees_the_most_any_gives() {
        let both = only(|r| {
            r.management = true;
            r.mentor = true;
        });
        assert_eq!(sight(&both, &shared(ObservationKind::Peer)), Sight::Sheet);
    }

    #[test]
    fn the_audience_names_each_group() {
        let peer = audience(ObservationKind::Peer, false);
        assert!(peer.contains(&(Group::Management, Sight::Summary)));
        assert!(peer.contains(&(Group::Teacher, Sight::WithOpinion)));
        let shown = audience(ObservationKind::Peer, true);
        assert!(shown.contains(&(Group::Management, Sight::Sheet)));
    }
}
