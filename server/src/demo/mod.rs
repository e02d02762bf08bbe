//! A demo municipality so a newcomer can sign in at once: two schools and one account
//! per role, every password `demo`.

use chrono::NaiveDate;
use vero_domain::calendar::{date_text, SchoolYear};
use vero_domain::Role;

use crate::auth::hash_password;
use crate::storage::{Assignment, NewMentoring, NewUser, Result, Storage};

pub mod lessons;
mod plan;
mod stories;
mod texts;
pub mod year;

pub const PASSWORD: &str = "demo";
pub const SCHOOLS: [&str; 2] = ["Madonas pilsētas vidusskola", "Lubānas vidusskola"];

/// (username, display name, role, index into SCHOOLS or None for municipal roles)
pub const ACCOUNTS: [(&str, &str, Role, Option<usize>); 12] = [
    ("observer", "Ilze Kalniņa", Role::Observer, Some(0)),
    ("teacher", "Anna Bērziņa", Role::Teacher, Some(0)),
    ("mentor", "Jānis Ozols", Role::Mentor, Some(0)),
    ("consultant", "Līga Liepa", Role::Consultant, None),
    ("edtech", "Mārtiņš Krūmiņš", Role::EdtechMentor, Some(0)),
    ("head", "Inese Zariņa", Role::Management, Some(0)),
    ("specialist", "Dace Vītola", Role::Specialist, None),
    ("admin", "Edgars Kļaviņš", Role::Admin, None),
    ("teacher2", "Rūta Siliņa", Role::Teacher, Some(1)),
    ("teacher3", "Kristīne Lāce", Role::Teacher, Some(0)),
    ("observer2", "Edīte Kalēja", Role::Observer, Some(1)),
    ("head2", "Valdis Pētersons", Role::Management, Some(1)),
];

/// Who follows whom: (mentor, mentee) usernames, and the pair's goals.
pub const MENTORING: [(&str, &str, &[&str]); 1] = [(
    "mentor",
    "teacher",
    &[
        "Stundas mērķis un sasniedzamais rezultāts skolēniem saprotams no stundas sākuma",
        "Atgriezeniskā saite skolēniem stundas laikā, ne tikai beigās",
        "Diferencēti uzdevumi klasei ar dažādām vajadzībām",
    ],
)];

/// The pairs began with the school year.
fn mentoring_since(today: NaiveDate) -> String {
    date_text(SchoolYear::of(today).first_day())
}

/// What a demo assignment points at: a school by its index in SCHOOLS, a teacher by
/// username.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    School(usize),
    Teacher(&'static str),
}

/// (username, what they are assigned to follow)
pub const ASSIGNMENTS: [(&str, Target); 2] = [
    ("consultant", Target::School(0)),
    ("edtech", Target::Teacher("teacher")),
];

/// Seeds only an empty database, so restarting with `--demo` never duplicates anyone.
/// Returns whether it seeded.
pub fn seed(storage: &dyn Storage, today: NaiveDate) -> Result<bool> {
    if storage.user_count()? > 0 {
        return Ok(false);
    }
    let schools = SCHOOLS
        .iter()
        .map(|name| storage.add_school(name))
        .collect::<Result<Vec<_>>>()?;
    let password_hash = hash_password(PASSWORD);
    let mut ids = std::collections::HashMap::new();
    for (username, display_name, role, school) in ACCOUNTS {
        let id = storage.add_user(&NewUser {
            username,
            display_name,
            role,
            school_id: school.map(|i| schools[i].id),
            password_hash: &password_hash,
        })?;
        ids.insert(username, id);
    }
    let since = mentoring_since(today);
    for (mentor, mentee, goals) in MENTORING {
        storage.add_mentoring(&NewMentoring {
            mentor_id: ids[mentor],
            mentee_id: ids[mentee],
            since: &since,
            goals,
        })?;
    }
    for (username, target) in ASSIGNMENTS {
        let to = match target {
            Target::School(i) => Assignment::School(schools[i].id),
            Target::Teacher(name) => Assignment::Teacher(ids[name]),
        };
        storage.add_assignment(ids[username], to)?;
    }
    Ok(true)
}

pub fn describe() -> String {
    let mut text = format!("Demo accounts (password \"{PASSWORD}\" for all):\n");
    for (username, display_name, role, school) in ACCOUNTS {
        let place = school.map_or("Madonas novads", |i| SCHOOLS[i]);
        text.push_str(&format!(
            "  {username:<11} {:<14} {display_name} — {place}\n",
            role.id()
        ));
    }
    let name = |username: &str| {
        ACCOUNTS
            .iter()
            .find(|a| a.0 == username)
            .map_or("?", |a| a.1)
    };
    text.push_str("Who follows whom (they see what is shared about those teachers):\n");
    for (mentor, mentee, _) in MENTORING {
        text.push_str(&format!("  {mentor} mentors {} ({mentee})\n", name(mentee)));
    }
    for (username, target) in ASSIGNMENTS {
        let to = match target {
            Target::School(i) => SCHOOLS[i].to_owned(),
            Target::Teacher(t) => format!("{} ({t})", name(t)),
        };
        text.push_str(&format!("  {username} follows {to}\n"));
    }
    text
}
