//! An account's columns as the queries read them, before the role text is checked.

use vero_domain::api::{Person, School, UserProfile};

use super::{Result, StorageError};

pub(super) const PROFILE_COLUMNS: &str =
    "u.username, u.display_name, u.role, s.id, s.name, u.id, u.must_change_password";

pub(super) fn read_profile(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<RawProfile> {
    Ok(RawProfile {
        username: row.get(first)?,
        display_name: row.get(first + 1)?,
        role: row.get(first + 2)?,
        school_id: row.get(first + 3)?,
        school_name: row.get(first + 4)?,
        id: row.get(first + 5)?,
        must_change_password: row.get(first + 6)?,
    })
}

pub(super) struct RawProfile {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    school_id: Option<i64>,
    school_name: Option<String>,
    must_change_password: bool,
}

impl RawProfile {
    pub(super) fn into_profile(self) -> Result<UserProfile> {
        let role = self
            .role
            .parse()
            .map_err(|e| StorageError::Corrupt(format!("user {}: {e}", self.username)))?;
        let school = match (self.school_id, self.school_name) {
            (Some(id), Some(name)) => Some(School { id, name }),
            _ => None,
        };
        Ok(UserProfile {
            id: self.id.to_string(),
            username: self.username,
            display_name: self.display_name,
            role,
            school,
            must_change_password: self.must_change_password,
        })
    }
}

/// A person's columns as read (id, name, role, school id, school name), before the role
/// is checked.
pub(super) struct RawPerson {
    id: i64,
    name: String,
    role: String,
    school: Option<School>,
}

pub(super) fn read_person(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<RawPerson> {
    let school_id = r.get::<_, Option<i64>>(at + 3)?;
    let school_name = r.get::<_, Option<String>>(at + 4)?;
    Ok(RawPerson {
        id: r.get(at)?,
        name: r.get(at + 1)?,
        role: r.get(at + 2)?,
        school: school_id
            .zip(school_name)
            .map(|(id, name)| School { id, name }),
    })
}

impl RawPerson {
    pub(super) fn into_person(self) -> Result<Person> {
        let role = self
            .role
            .parse()
            .map_err(|e| StorageError::Corrupt(format!("user {}: {e}", self.id)))?;
        Ok(Person {
            id: self.id.to_string(),
            name: self.name,
            role,
            school: self.school,
        })
    }
}
