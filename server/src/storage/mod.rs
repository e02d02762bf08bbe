//! What the server keeps, behind a trait so handlers never see SQL.

mod checkpoint;
mod migrations;
mod open_lessons;
mod plan;
mod roster;
mod rows;
mod sqlite;
mod sync;
mod templates;

pub use plan::PlanStorage;
pub use sqlite::SqliteStorage;
pub use templates::Publishing;

use std::fmt;
use vero_domain::api::{MentoringPair, Person, School, UserProfile};
use vero_domain::sync::{PushedPatch, RecordView, SyncResponse};
use vero_domain::Role;

use crate::sync::rules::Caller;

#[derive(Debug)]
pub enum StorageError {
    Sqlite(rusqlite::Error),
    /// A stored value the code does not understand (e.g. an unknown role name).
    Corrupt(String),
    /// A unique name is already taken.
    Taken(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Sqlite(e) => write!(f, "sqlite: {e}"),
            StorageError::Corrupt(what) => write!(f, "unreadable stored value: {what}"),
            StorageError::Taken(what) => write!(f, "already exists: {what}"),
        }
    }
}

impl std::error::Error for StorageError {}

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        StorageError::Sqlite(e)
    }
}

pub type Result<T> = std::result::Result<T, StorageError>;

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub school_id: Option<i64>,
    pub password_hash: &'a str,
}

/// What sign-in needs to check a password.
pub struct Credentials {
    pub user_id: i64,
    pub password_hash: String,
    pub profile: UserProfile,
}

/// A mentor, the teacher they mentor, since when and to what end.
pub struct NewMentoring<'a> {
    pub mentor_id: i64,
    pub mentee_id: i64,
    /// YYYY-MM-DD.
    pub since: &'a str,
    pub goals: &'a [&'a str],
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Unix seconds.
    pub at: i64,
    /// Who did it: a username, or `command line`.
    pub actor: String,
    /// `school.added`, `account.added`, `account.changed`, …
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// Whom a consultant or ed-tech mentor is assigned to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignment {
    School(i64),
    Teacher(i64),
}

/// Which plan entries someone sees: every school's (the specialist), one school's
/// (its management), and always those they observe in or are observed in.
pub struct PlanScope {
    pub every_school: bool,
    pub school: Option<i64>,
    pub person: i64,
}

/// One sync request, its device id and limit already checked.
pub struct SyncWork {
    pub device: String,
    pub since: u64,
    /// 1..=`wire::MAX_LIMIT`.
    pub limit: u32,
    /// Patches that passed `rules::check_patch`, in the order sent.
    pub push: Vec<PushedPatch>,
    /// The device rebuilds its own new records: answer them as echoes.
    pub echoes: bool,
}

/// Who looks at open lessons: whether they manage one follows from it.
#[derive(Debug, Clone, Copy)]
pub struct LessonViewer {
    pub user_id: i64,
    pub role: Role,
    pub school_id: Option<i64>,
}

/// An open lesson offered: by whom, of which teacher, at which school.
pub struct NewOpenLesson<'a> {
    pub offered_by: i64,
    pub teacher_id: i64,
    pub school_id: i64,
    /// Already checked and tidied.
    pub offer: &'a vero_domain::open_lesson::OpenLessonOffer,
}

/// What asking for a place in an open lesson came to.
pub enum SignUp {
    /// A place is the viewer's (now or already): the lesson after.
    Done(Box<vero_domain::open_lesson::OpenLesson>),
    /// Every place was taken.
    Full,
    Cancelled,
    /// The viewer gives or offered the lesson.
    Own,
    NoSuch,
}

pub enum SyncOutcome {
    Done(SyncResponse),
    /// The device id belongs to another account; nothing was applied.
    DeviceTaken,
}

/// Storage is synchronous; handlers call it from `spawn_blocking`.
pub trait Storage: PlanStorage + Send + Sync + 'static {
    /// A cheap query proving the database answers.
    fn check(&self) -> Result<()>;
    fn user_count(&self) -> Result<u64>;
    fn add_school(&self, name: &str) -> Result<School>;
    fn add_user(&self, user: &NewUser<'_>) -> Result<i64>;
    fn credentials(&self, username: &str) -> Result<Option<Credentials>>;
    fn add_session(&self, token_hash: &[u8], user_id: i64, now: i64, expires_at: i64)
        -> Result<()>;
    /// The session's user if the token is known, unrevoked and unexpired at `now`.
    fn session_user(&self, token_hash: &[u8], now: i64) -> Result<Option<UserProfile>>;
    /// True if a live session was revoked.
    fn revoke_session(&self, token_hash: &[u8], now: i64) -> Result<bool>;
    /// Adds the pair, or gives an existing one this start and these goals.
    fn add_mentoring(&self, pair: &NewMentoring<'_>) -> Result<()>;
    /// The pairs the account is in, as mentor or as mentee, by start date.
    fn mentoring(&self, user_id: i64) -> Result<Vec<MentoringPair>>;
    fn add_assignment(&self, user_id: i64, to: Assignment) -> Result<()>;
    /// The directory: every non-admin account of `school_id`, or of every school when
    /// `None`.
    fn people(&self, school_id: Option<i64>) -> Result<Vec<Person>>;
    /// A new password; every session of the account ends but `keep` (the one the
    /// person changed it in). One set without `keep` (an admin's reset) is to be replaced
    /// by the person at their next sign-in. False if there is no such account.
    fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        now: i64,
        keep: Option<&[u8]>,
    ) -> Result<bool>;
    /// Deactivating ends the account's sessions and keeps its records; it signs in
    /// again once activated.
    fn set_active(&self, username: &str, active: bool, now: i64) -> Result<bool>;
    /// Everyone with an account (admins too) and the schools' names, for an import.
    fn roster(&self) -> Result<(Vec<vero_domain::roster::Existing>, Vec<String>)>;
    /// Applies an import's plan in one transaction, each step in the audit log.
    /// `password_hash` gives each new account's (by username).
    fn import_roster(
        &self,
        plan: &vero_domain::roster::Plan,
        password_hash: &dyn Fn(&str) -> String,
        actor: &str,
        now: i64,
    ) -> Result<()>;
    /// Ends a mentoring pair or an assignment to a teacher (by usernames), audited;
    /// false if there was none.
    fn remove_link(
        &self,
        kind: vero_domain::api::LinkKind,
        from: &str,
        to: &str,
        actor: &str,
        now: i64,
    ) -> Result<bool>;
    fn add_audit(
        &self,
        at: i64,
        actor: &str,
        action: &str,
        subject: &str,
        detail: &str,
    ) -> Result<()>;
    /// Newest first, at most `limit`, `text` found anywhere in an entry.
    fn audit_log(&self, text: Option<&str>, limit: u32) -> Result<Vec<AuditEntry>>;
    /// The versions of the sheet's template published so far (not the built-in one).
    fn templates(&self) -> Result<Vec<vero_domain::Template>>;
    /// Publishes `template` if its version is the one after the newest, audited.
    fn publish_template(
        &self,
        template: &vero_domain::Template,
        actor: &str,
        now: i64,
    ) -> Result<Publishing>;
    fn offer_open_lesson(&self, new: &NewOpenLesson<'_>, now: i64) -> Result<i64>;
    /// Every school's offers, by date, as `viewer` may see them.
    fn open_lessons(
        &self,
        viewer: &LessonViewer,
    ) -> Result<Vec<vero_domain::open_lesson::OpenLesson>>;
    fn open_lesson(
        &self,
        id: i64,
        viewer: &LessonViewer,
    ) -> Result<Option<vero_domain::open_lesson::OpenLesson>>;
    /// A place for the viewer if one is free, decided in one transaction.
    fn sign_up_open_lesson(&self, id: i64, viewer: &LessonViewer, now: i64) -> Result<SignUp>;
    /// The viewer's place given back; the lesson after, if there is one.
    fn leave_open_lesson(
        &self,
        id: i64,
        viewer: &LessonViewer,
    ) -> Result<Option<vero_domain::open_lesson::OpenLesson>>;
    /// Calls the offer off: `None` if there is none, `Some(None)` if not the viewer's.
    #[allow(clippy::type_complexity)]
    fn cancel_open_lesson(
        &self,
        id: i64,
        viewer: &LessonViewer,
    ) -> Result<Option<Option<vero_domain::open_lesson::OpenLesson>>>;
    /// An active account's school and role name, if there is one.
    fn account_school(&self, user_id: i64) -> Result<Option<(Option<i64>, String)>>;
    /// Applies the pushed patches and pulls what changed since the cursor, all in one
    /// transaction.
    fn sync(&self, caller: &Caller, work: SyncWork, now: i64) -> Result<SyncOutcome>;
    /// Every record the caller made or is the observed teacher of, with the fields they
    /// may read: what a sync from the start would give them of those (their data
    /// export).
    fn records_about(&self, caller: &Caller) -> Result<Vec<RecordView>>;
    /// The municipality's retention period in years; `None`: kept without limit.
    fn retention(&self) -> Result<Option<u32>>;
    /// Sets (or with `None` lifts) the period, in the audit log under `actor`, and
    /// removes at once what it puts past; how many.
    fn set_retention(&self, years: Option<u32>, actor: &str, now: i64) -> Result<u64>;
    /// Removes every observation whose lesson is older than the period at `now`, each
    /// leaving word for the devices that held it; how many.
    fn remove_expired(&self, now: i64) -> Result<u64>;
}
