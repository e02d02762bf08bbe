//! The people of the municipality as an admin imports them from a spreadsheet: one row
//! per person (username, name, role, school), headed in Latvian or English. Every bad
//! row is named with its line and what is wrong, and nothing is imported until none is;
//! the plan compares the file with who already exists, so importing the same file again
//! changes nothing. Splitting the file into cells (`;` or `,`, quotes) is the caller's,
//! with a CSV reader; what the cells mean is here.

use std::collections::{BTreeMap, BTreeSet};

use crate::names::fold;
use crate::Role;

/// One person as the file gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    /// The file's line, for messages.
    pub line: usize,
    pub username: String,
    pub name: String,
    pub role: Role,
    /// None for the municipality's own roles.
    pub school: Option<String>,
    /// The username of this teacher's mentor (a "Mentors" column), and since when.
    pub mentor: Option<String>,
    /// YYYY-MM-DD; empty when the file does not say.
    pub mentor_since: String,
    /// Usernames of the consultants or ed-tech mentors who follow this teacher (a
    /// "Konsultants" column, several separated by commas).
    pub followed_by: Vec<String>,
}

/// What is wrong with a line, as a stable code; the message is the catalogue's
/// `import.problem.<code>` with `{line}` and `{value}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemCode {
    /// The header lacks a column the import needs (`value`: its name).
    MissingColumn,
    Empty,
    TooFewCells,
    BadUsername,
    DuplicateUsername,
    NoName,
    UnknownRole,
    /// A role at a school (teacher, observer, mentor, ed-tech mentor, management) with
    /// no school.
    SchoolNeeded,
    /// A municipal role (specialist, admin) named with a school.
    NoSchoolForRole,
    /// A mentor or follower no account or row has (`value`: the username).
    UnknownPerson,
    /// A mentor who is not a mentor, or a follower who is not a consultant or ed-tech
    /// mentor (`value`: the username).
    WrongRole,
    BadDate,
}

impl ProblemCode {
    pub fn id(self) -> &'static str {
        match self {
            ProblemCode::MissingColumn => "missing_column",
            ProblemCode::Empty => "empty",
            ProblemCode::TooFewCells => "too_few_cells",
            ProblemCode::BadUsername => "bad_username",
            ProblemCode::DuplicateUsername => "duplicate_username",
            ProblemCode::NoName => "no_name",
            ProblemCode::UnknownRole => "unknown_role",
            ProblemCode::SchoolNeeded => "school_needed",
            ProblemCode::NoSchoolForRole => "no_school_for_role",
            ProblemCode::UnknownPerson => "unknown_person",
            ProblemCode::WrongRole => "wrong_role",
            ProblemCode::BadDate => "bad_date",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub code: ProblemCode,
    pub value: String,
}

/// The columns, by the names a Latvian or an English spreadsheet heads them with
/// (compared without case or diacritics).
const COLUMNS: [(&str, &[&str]); 7] = [
    (
        "username",
        &["lietotajvards", "lietotaja vards", "username", "login"],
    ),
    (
        "name",
        &[
            "vards uzvards",
            "vards, uzvards",
            "vards",
            "name",
            "full name",
        ],
    ),
    ("role", &["loma", "role"]),
    ("school", &["iestade", "skola", "school"]),
    ("mentor", &["mentors", "mentor"]),
    (
        "since",
        &[
            "mentoresana no",
            "mentors no",
            "mentoring since",
            "mentor since",
        ],
    ),
    (
        "followed_by",
        &[
            "konsultants",
            "konsultanti",
            "seko",
            "consultant",
            "consultants",
            "followed by",
        ],
    ),
];

/// Columns a file may leave out.
const OPTIONAL: [&str; 4] = ["school", "mentor", "since", "followed_by"];

/// A role by its id or its name in either language ("Pedagogs", "teacher", …).
pub fn role_named(text: &str) -> Option<Role> {
    const NAMES: [(Role, &[&str]); 8] = [
        (Role::Observer, &["vērotājs", "vērotāja", "observer"]),
        (
            Role::Teacher,
            &["pedagogs", "skolotājs", "skolotāja", "teacher"],
        ),
        (Role::Mentor, &["mentors", "mentore", "mentor"]),
        (
            Role::Consultant,
            &[
                "mācīšanās konsultants",
                "konsultants",
                "learning consultant",
                "consultant",
            ],
        ),
        (
            Role::EdtechMentor,
            &[
                "izglītības tehnoloģiju mentors",
                "tehnoloģiju mentors",
                "ed-tech mentor",
                "edtech mentor",
                "edtech_mentor",
            ],
        ),
        (
            Role::Management,
            &[
                "iestādes vadība",
                "vadība",
                "direktors",
                "direktore",
                "school management",
                "management",
            ],
        ),
        (
            Role::Specialist,
            &[
                "pašvaldības izglītības speciālists",
                "speciālists",
                "municipal education specialist",
                "specialist",
            ],
        ),
        (
            Role::Admin,
            &["administrators", "administratore", "admin", "administrator"],
        ),
    ];
    let text = fold(text.trim());
    NAMES
        .iter()
        .find(|(_, names)| names.iter().any(|n| fold(n) == text))
        .map(|(role, _)| *role)
}

/// Whether the role works at one school (and so needs one in the file).
pub fn at_a_school(role: Role) -> bool {
    !matches!(role, Role::Specialist | Role::Admin | Role::Consultant)
}

/// ASCII letters (lower case), digits and `._-`: typed on any keyboard, 2 to 60 long.
pub fn good_username(u: &str) -> bool {
    (2..=60).contains(&u.len())
        && u.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

/// `records`: the file's rows as cells with their line numbers, the header first.
pub fn read(records: &[(usize, Vec<String>)]) -> Result<Vec<PersonRow>, Vec<Problem>> {
    let Some(((header_line, header), rows)) = records.split_first() else {
        return Err(vec![Problem {
            line: 1,
            code: ProblemCode::Empty,
            value: String::new(),
        }]);
    };
    let mut at = BTreeMap::new();
    let mut problems = Vec::new();
    for (column, names) in COLUMNS {
        let found = header
            .iter()
            .position(|h| names.iter().any(|n| fold(h.trim()) == *n));
        match found {
            Some(i) => {
                at.insert(column, i);
            }
            // The school may be left out of a file of municipal people only.
            None if OPTIONAL.contains(&column) => {}
            None => problems.push(Problem {
                line: *header_line,
                code: ProblemCode::MissingColumn,
                value: column.to_owned(),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut people = Vec::new();
    let mut seen = BTreeSet::new();
    for (line, cells) in rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |column: &str| {
            at.get(column)
                .and_then(|&i| cells.get(i))
                .map(|c| c.trim().to_owned())
        };
        let (Some(username), Some(name), Some(role)) =
            (cell("username"), cell("name"), cell("role"))
        else {
            problems.push(Problem {
                line: *line,
                code: ProblemCode::TooFewCells,
                value: cells.join(" | "),
            });
            continue;
        };
        let username = username.to_lowercase();
        let before = problems.len();
        let mut fail = |code, value: &str| {
            problems.push(Problem {
                line: *line,
                code,
                value: value.to_owned(),
            })
        };
        if !good_username(&username) {
            fail(ProblemCode::BadUsername, &username);
        } else if !seen.insert(username.clone()) {
            fail(ProblemCode::DuplicateUsername, &username);
        }
        if name.is_empty() {
            fail(ProblemCode::NoName, "");
        }
        let school = cell("school").filter(|s| !s.is_empty());
        let role = match role_named(&role) {
            Some(r) => Some(r),
            None => {
                fail(ProblemCode::UnknownRole, &role);
                None
            }
        };
        if let Some(r) = role {
            match (&school, at_a_school(r)) {
                (None, true) => fail(ProblemCode::SchoolNeeded, r.id()),
                (Some(s), false) if r != Role::Consultant => fail(ProblemCode::NoSchoolForRole, s),
                _ => {}
            }
        }
        let mentor = cell("mentor")
            .filter(|m| !m.is_empty())
            .map(|m| m.to_lowercase());
        if let Some(m) = &mentor {
            if !good_username(m) {
                fail(ProblemCode::BadUsername, m);
            }
        }
        let mentor_since = cell("since").unwrap_or_default();
        if !mentor_since.is_empty() && crate::calendar::parse_date(&mentor_since).is_none() {
            fail(ProblemCode::BadDate, &mentor_since);
        }
        let followed_by: Vec<String> = cell("followed_by")
            .unwrap_or_default()
            .split([',', ' '])
            .filter(|u| !u.is_empty())
            .map(str::to_lowercase)
            .collect();
        for u in followed_by.iter().filter(|u| !good_username(u)) {
            fail(ProblemCode::BadUsername, u);
        }
        if problems.len() == before {
            if let Some(role) = role {
                people.push(PersonRow {
                    line: *line,
                    username,
                    name,
                    role,
                    school,
                    mentor,
                    mentor_since,
                    followed_by,
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(people)
    } else {
        Err(problems)
    }
}

/// Someone who already has an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub username: String,
    pub name: String,
    pub role: Role,
    pub school: Option<String>,
    /// Usernames of their mentors.
    pub mentors: Vec<String>,
    /// Usernames of the consultants and ed-tech mentors assigned to follow them.
    pub followed_by: Vec<String>,
}

/// A mentoring pair the file makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPair {
    pub mentor: String,
    pub mentee: String,
    pub since: String,
}

/// What importing a clean file would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Schools the file names that do not exist yet, by name.
    pub new_schools: Vec<String>,
    pub new_people: Vec<PersonRow>,
    /// People whose name, role or school the file changes (rights change: audited).
    pub changed: Vec<(Existing, PersonRow)>,
    pub unchanged: usize,
    pub new_pairs: Vec<NewPair>,
    /// (follower, teacher): a consultant or ed-tech mentor assigned to a teacher.
    pub new_follows: Vec<(String, String)>,
}

impl Plan {
    /// Nothing to do: the same file imported again.
    pub fn is_empty(&self) -> bool {
        self.new_schools.is_empty()
            && self.new_people.is_empty()
            && self.changed.is_empty()
            && self.new_pairs.is_empty()
            && self.new_follows.is_empty()
    }
}

/// Compares the file's people with who exists. Schools are matched by name as typed
/// (trimmed); people by username. Nobody is removed by leaving them out of a file:
/// deactivating an account is its own act.
pub fn plan(rows: &[PersonRow], existing: &[Existing], schools: &[String]) -> Plan {
    let known: BTreeSet<&str> = schools.iter().map(String::as_str).collect();
    let mut new_schools = BTreeSet::new();
    let by_username: BTreeMap<&str, &Existing> =
        existing.iter().map(|e| (e.username.as_str(), e)).collect();
    let mut out = Plan::default();
    for row in rows {
        if let Some(s) = &row.school {
            if !known.contains(s.as_str()) {
                new_schools.insert(s.clone());
            }
        }
        let known = by_username.get(row.username.as_str());
        match known {
            None => out.new_people.push(row.clone()),
            Some(e) if e.name == row.name && e.role == row.role && e.school == row.school => {
                out.unchanged += 1
            }
            Some(e) => out.changed.push(((*e).clone(), row.clone())),
        }
        if let Some(mentor) = &row.mentor {
            if !known.is_some_and(|e| e.mentors.contains(mentor)) {
                out.new_pairs.push(NewPair {
                    mentor: mentor.clone(),
                    mentee: row.username.clone(),
                    since: row.mentor_since.clone(),
                });
            }
        }
        for follower in &row.followed_by {
            if !known.is_some_and(|e| e.followed_by.contains(follower)) {
                out.new_follows
                    .push((follower.clone(), row.username.clone()));
            }
        }
    }
    out.new_schools = new_schools.into_iter().collect();
    out
}

/// The file's mentors and followers checked against who they name: someone in the file
/// or with an account, a mentor (or teacher) for a mentor, a consultant or ed-tech
/// mentor for a follower.
pub fn check_links(rows: &[PersonRow], existing: &[Existing]) -> Vec<Problem> {
    let role_of = |username: &str| {
        rows.iter()
            .find(|r| r.username == username)
            .map(|r| r.role)
            .or_else(|| {
                existing
                    .iter()
                    .find(|e| e.username == username)
                    .map(|e| e.role)
            })
    };
    let mut problems = Vec::new();
    for row in rows {
        let mut check = |username: &str, fits: &dyn Fn(Role) -> bool| match role_of(username) {
            None => problems.push(Problem {
                line: row.line,
                code: ProblemCode::UnknownPerson,
                value: username.to_owned(),
            }),
            Some(role) if !fits(role) || username == row.username => problems.push(Problem {
                line: row.line,
                code: ProblemCode::WrongRole,
                value: username.to_owned(),
            }),
            Some(_) => {}
        };
        if let Some(m) = &row.mentor {
            check(m, &|r| matches!(r, Role::Mentor | Role::Teacher));
        }
        for f in &row.followed_by {
            check(f, &|r| matches!(r, Role::Consultant | Role::EdtechMentor));
        }
    }
    problems
}

#[cfg(test)]
mod tests;
