//! What the app and the server say to each other over HTTP, as JSON.

use crate::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// Leading and trailing white space is ignored; not white space alone.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
        )
    )]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct School {
    pub id: i64,
    pub name: String,
}

/// The signed-in person as the app shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserProfile {
    /// The account's id: what records name as their owner, teacher or commenter.
    /// (Missing in sessions stored before it existed.)
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required))]
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// None for municipal roles, who work across schools.
    #[cfg_attr(feature = "openapi", schema(required))]
    pub school: Option<School>,
    /// The password was set by an admin: the person sets their own before going on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub must_change_password: bool,
}

/// What a successful sign-in returns; the app keeps it on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// The bearer token (`Authorization: Bearer <token>`); the server keeps only its hash.
    pub token: String,
    /// Seconds since the Unix epoch.
    pub expires_at: i64,
    pub user: UserProfile,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok`.
    pub status: String,
    pub version: String,
}

/// Every 4xx/5xx answer of the API has this body: a stable code for the app and a
/// sentence a person can read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// A stable code: `bad_request`, `bad_json`, `unauthorized`, `forbidden`, `not_found`,
    /// `method_not_allowed`, `too_large`, `unsupported_media_type`,
    /// `storage_unavailable`, `busy`, `internal`.
    pub error: String,
    /// A sentence a person can read.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_request_rejects_unknown_fields() {
        let ok = r#"{"username":"a","password":"b"}"#;
        assert!(serde_json::from_str::<LoginRequest>(ok).is_ok());
        let extra = r#"{"username":"a","password":"b","admin":true}"#;
        assert!(serde_json::from_str::<LoginRequest>(extra).is_err());
    }

    #[test]
    fn session_round_trips() {
        let s = Session {
            token: "t".into(),
            expires_at: 1,
            user: UserProfile {
                id: "1".into(),
                username: "teacher".into(),
                display_name: "Anna".into(),
                role: Role::Teacher,
                school: Some(School {
                    id: 1,
                    name: "X".into(),
                }),
                must_change_password: false,
            },
        };
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"role\":\"teacher\""));
        assert_eq!(serde_json::from_str::<Session>(&json).unwrap(), s);
    }
}

/// One person in the directory (`GET /api/people`): whom an observer can pick as the
/// teacher observed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    /// The account's id, as `context.teacher_id` takes it.
    pub id: String,
    pub name: String,
    pub role: Role,
    #[cfg_attr(feature = "openapi", schema(required))]
    pub school: Option<School>,
}

/// A mentoring pair (mentordarbība, `GET /api/mentoring`): the two teachers, since when,
/// and what they set out to work on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MentoringPair {
    pub mentor: Person,
    pub mentee: Person,
    /// YYYY-MM-DD; empty when nobody recorded it.
    pub since: String,
    /// The pair's goals, in the order they were set.
    pub goals: Vec<String>,
}

/// `POST /api/password`: the signed-in person's new password, with the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub current: String,
    /// At least `MIN_PASSWORD` characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 200))]
    pub new: String,
}

/// The shortest password an account may have, in characters.
pub const MIN_PASSWORD: usize = 10;

/// `POST /api/admin/import`: a people file's text (see `roster`), checked, and imported
/// when `apply` and clean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRequest {
    #[cfg_attr(feature = "openapi", schema(max_length = 500000))]
    pub csv: String,
    pub apply: bool,
}

/// A bad line of a people file: the message is the catalogue's `import.problem.<code>`
/// (or `import.<code>` for `not_utf8` and `unreadable`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    pub line: u32,
    pub code: String,
    pub value: String,
}

impl ImportProblem {
    /// The catalogue key of its message, which takes `{line}` and `{value}`.
    pub fn message_key(&self) -> String {
        match self.code.as_str() {
            "not_utf8" | "unreadable" => format!("import.{}", self.code),
            code => format!("import.problem.{code}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPerson {
    pub username: String,
    pub name: String,
    pub role: Role,
    #[cfg_attr(feature = "openapi", schema(required))]
    pub school: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportChange {
    pub before: ImportPerson,
    pub after: ImportPerson,
}

/// A new account's first password, shown once to the admin who imported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FirstPassword {
    pub username: String,
    pub password: String,
}

/// What a people file would do (or did, when `applied`); nothing is done while there
/// are `problems`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportAnswer {
    pub problems: Vec<ImportProblem>,
    pub new_schools: Vec<String>,
    pub new_people: Vec<ImportPerson>,
    pub changed: Vec<ImportChange>,
    pub unchanged: u32,
    pub applied: bool,
    pub passwords: Vec<FirstPassword>,
    /// Mentoring pairs the file makes: mentor → mentee (usernames), since when.
    #[serde(default)]
    pub new_pairs: Vec<ImportLink>,
    /// Consultants and ed-tech mentors the file assigns: follower → teacher.
    #[serde(default)]
    pub new_follows: Vec<ImportLink>,
}

/// Which link between two accounts an admin ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LinkKind {
    /// `from` mentors `to`.
    Mentoring,
    /// `from` (a consultant or ed-tech mentor) follows the teacher `to`.
    Follow,
}

/// `POST /api/admin/links/remove`: usernames.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkRemoval {
    pub kind: LinkKind,
    pub from: String,
    pub to: String,
}

/// A link an import makes between two accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportLink {
    pub from: String,
    pub to: String,
    /// YYYY-MM-DD, or empty.
    #[serde(default)]
    pub since: String,
}

/// One line of the audit log (`GET /api/admin/audit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditLine {
    /// Unix seconds.
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// The municipality's retention period (`GET`/`PUT /api/retention`): observations whose
/// lesson is older are removed from the server and from devices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Retention {
    /// Whole years, 1 to 50; `null`: kept without limit. Required (a missing one is not
    /// taken as "no limit").
    #[serde(deserialize_with = "Option::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 50, required))]
    pub years: Option<u32>,
}

/// A retention period set, and how many observations it removed at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetentionApplied {
    #[cfg_attr(feature = "openapi", schema(required))]
    pub years: Option<u32>,
    pub removed: u64,
}
