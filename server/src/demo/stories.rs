//! The stories of the demo's school year: whose lesson, by whom, how long ago, and how
//! far along the feedback workflow each observation gets.

use vero_domain::ObservationKind;

/// How far an observation's story goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Reach {
    Draft,
    Shared,
    Read,
    Reflected,
    /// The teacher accepts the proposed step.
    Agreed,
    /// The teacher proposes another wording, the observer accepts it.
    Answered,
    Done,
    Closed,
}

pub(super) struct Story {
    pub kind: ObservationKind,
    pub observer: &'static str,
    pub teacher: &'static str,
    pub days_ago: i64,
    pub reach: Reach,
    /// The story (by its place in the list) whose agreed step this one follows up.
    pub follows: Option<usize>,
    pub withdrawn: bool,
}

const fn story(
    kind: ObservationKind,
    observer: &'static str,
    teacher: &'static str,
    days_ago: i64,
    reach: Reach,
) -> Story {
    Story {
        kind,
        observer,
        teacher,
        days_ago,
        reach,
        follows: None,
        withdrawn: false,
    }
}

pub(super) fn stories() -> Vec<Story> {
    use ObservationKind::*;
    use Reach::*;
    let mut list = vec![
        // Anna Bērziņa's year: a peer observation, her mentor's visits, the consultant.
        story(Peer, "observer", "teacher", 84, Closed),
        story(Mentor, "mentor", "teacher", 70, Done),
        story(Consultant, "consultant", "teacher", 56, Answered),
        story(EdtechMentor, "edtech", "teacher", 42, Agreed),
        story(Peer, "observer", "teacher", 30, Agreed),
        story(OpenLesson, "teacher3", "teacher", 20, Reflected),
        story(Mentor, "mentor", "teacher", 9, Read),
        story(Peer, "observer", "teacher", 3, Shared),
        // The mentee observes her mentor too.
        story(Peer, "teacher", "mentor", 63, Closed),
        story(OpenLesson, "teacher", "mentor", 14, Reflected),
        // Kristīne Lāce.
        story(Peer, "observer", "teacher3", 77, Done),
        story(Consultant, "consultant", "teacher3", 49, Agreed),
        story(QualityGrade, "specialist", "teacher3", 35, Read),
        story(Peer, "observer", "teacher3", 12, Answered),
        story(EdtechMentor, "edtech", "teacher3", 5, Shared),
        // Lubāna: Rūta Siliņa, observed by her school's observer and the municipality.
        story(Peer, "observer2", "teacher2", 80, Closed),
        story(Specialist, "specialist", "teacher2", 60, Answered),
        story(Peer, "observer2", "teacher2", 40, Agreed),
        story(QualityGrade, "specialist", "teacher2", 25, Reflected),
        story(OpenLesson, "observer2", "teacher2", 8, Read),
        story(Peer, "observer2", "teacher2", 2, Shared),
        // The observer's own drafts, not shared yet.
        story(Peer, "observer", "teacher", 1, Draft),
        story(Peer, "observer", "teacher3", 0, Draft),
        story(Peer, "observer2", "teacher2", 0, Draft),
    ];
    // Follow-ups (turpinājums) of agreed steps, checking them weeks later.
    let follow = |list: &mut Vec<Story>, of: usize, days_ago: i64, reach: Reach| {
        let first = &list[of];
        let mut next = story(first.kind, first.observer, first.teacher, days_ago, reach);
        next.follows = Some(of);
        list.push(next);
    };
    follow(&mut list, 0, 50, Closed);
    follow(&mut list, 10, 28, Reflected);
    follow(&mut list, 15, 45, Agreed);
    // Taken back after the teacher had read it: she keeps it, marked so.
    let mut withdrawn = story(Peer, "observer", "teacher3", 18, Read);
    withdrawn.withdrawn = true;
    list.push(withdrawn);
    // Last spring's: what the analysis measures this semester's change from.
    list.push(story(Peer, "observer", "teacher", 230, Closed));
    list.push(story(Consultant, "consultant", "teacher3", 250, Closed));
    list.push(story(Peer, "observer2", "teacher2", 205, Closed));
    list
}
