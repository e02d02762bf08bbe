//! Who uses Vēro (DOMAIN.md, "Roles") and which home screen each of them lands on.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An account's role. The wire and database name is the `id()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// A peer teacher who fills the sheet (vērotājs).
    Observer,
    /// The teacher observed (pedagogs), who reads feedback and reflects.
    Teacher,
    /// A new teacher's mentor (mentors, 1.4).
    Mentor,
    /// Learning consultant or expert (mācīšanās konsultants, 1.3).
    Consultant,
    /// Ed-tech mentor (izglītības tehnoloģiju mentors, 1.6).
    EdtechMentor,
    /// School management: head or deputy (iestādes vadība).
    Management,
    /// Municipal education specialist (pašvaldības izglītības speciālists).
    Specialist,
    /// Keeps accounts and schools.
    Admin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Observer,
        Role::Teacher,
        Role::Mentor,
        Role::Consultant,
        Role::EdtechMentor,
        Role::Management,
        Role::Specialist,
        Role::Admin,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Role::Observer => "observer",
            Role::Teacher => "teacher",
            Role::Mentor => "mentor",
            Role::Consultant => "consultant",
            Role::EdtechMentor => "edtech_mentor",
            Role::Management => "management",
            Role::Specialist => "specialist",
            Role::Admin => "admin",
        }
    }

    /// The home screen a person with this role starts on. The ed-tech mentor observes
    /// lessons like any observer; the admin works at municipal level.
    pub fn home(self) -> Home {
        match self {
            Role::Observer | Role::EdtechMentor => Home::Observer,
            Role::Teacher => Home::Teacher,
            Role::Mentor => Home::Mentor,
            Role::Consultant => Home::Consultant,
            Role::Management => Home::Management,
            Role::Specialist | Role::Admin => Home::Municipality,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRole(pub String);

impl fmt::Display for UnknownRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown role \"{}\"", self.0)
    }
}

impl std::error::Error for UnknownRole {}

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.id() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// A role's home screen in the app; each has its own route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Home {
    Observer,
    Teacher,
    Mentor,
    Consultant,
    Management,
    Municipality,
}

impl Home {
    pub const ALL: [Home; 6] = [
        Home::Observer,
        Home::Teacher,
        Home::Mentor,
        Home::Consultant,
        Home::Management,
        Home::Municipality,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Home::Observer => "observer",
            Home::Teacher => "teacher",
            Home::Mentor => "mentor",
            Home::Consultant => "consultant",
            Home::Management => "management",
            Home::Municipality => "municipality",
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Home::Observer => "/observer",
            Home::Teacher => "/teacher",
            Home::Mentor => "/mentor",
            Home::Consultant => "/consultant",
            Home::Management => "/management",
            Home::Municipality => "/municipality",
        }
    }

    pub fn from_path(path: &str) -> Option<Home> {
        let path = path.trim_end_matches('/');
        Home::ALL.into_iter().find(|h| h.path() == path)
    }
}

/// Where a signed-in person should land when the app starts: the screen they were last
/// on if it is theirs, otherwise their role's home.
pub fn start_path(role: Role, last_path: Option<&str>) -> &'static str {
    let own = role.home();
    match last_path.and_then(Home::from_path) {
        Some(home) if home == own => home.path(),
        _ => own.path(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_ids_round_trip_through_text_and_json() {
        for role in Role::ALL {
            assert_eq!(role.id().parse::<Role>(), Ok(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.id()));
            assert_eq!(serde_json::from_str::<Role>(&json).unwrap(), role);
        }
    }

    #[test]
    fn unknown_role_is_named_in_the_error() {
        let err = "principal".parse::<Role>().unwrap_err();
        assert_eq!(err.to_string(), "unknown role \"principal\"");
        assert!(serde_json::from_str::<Role>("\"principal\"").is_err());
    }

    #[test]
    fn every_home_has_a_role_and_a_distinct_path() {
        for home in Home::ALL {
            assert!(Role::ALL.iter().any(|r| r.home() == home), "{home:?}");
            assert_eq!(Home::from_path(home.path()), Some(home));
            assert_eq!(Home::from_path(&format!("{}/", home.path())), Some(home));
        }
        let mut paths: Vec<_> = Home::ALL.iter().map(|h| h.path()).collect();
        paths.dedup();
        assert_eq!(paths.len(), Home::ALL.len());
    }

    #[test]
    fn start_path_returns_to_own_last_screen_only() {
        assert_eq!(start_path(Role::Teacher, Some("/teacher")), "/teacher");
        assert_eq!(start_path(Role::Teacher, Some("/management")), "/teacher");
        assert_eq!(start_path(Role::Teacher, Some("/nowhere")), "/teacher");
        assert_eq!(start_path(Role::Teacher, None), "/teacher");
        assert_eq!(start_path(Role::EdtechMentor, None), "/observer");
        assert_eq!(start_path(Role::Admin, None), "/municipality");
    }
}
