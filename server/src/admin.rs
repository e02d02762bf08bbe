//! `vero-server admin …`: what a municipality needs before anyone can sign in — its
//! first admin — and scripted imports of its people, each written to the audit log as
//! the command line's doing. Messages in Latvian (`--lang en` for English).

use std::io::BufRead;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use rand_core::{OsRng, RngCore};
use vero_domain::api::{FirstPassword, ImportAnswer, ImportChange, ImportPerson, ImportProblem};
use vero_domain::roster;
use vero_domain::{Catalog, Lang, Role};

use crate::auth::{hash_password, now};
use crate::storage::{NewUser, SqliteStorage, Storage, StorageError};

/// Who the audit log says did what the command line did.
pub const ACTOR: &str = "command line";

#[derive(Subcommand, Debug, Clone)]
pub enum AdminCommand {
    /// Creates an admin account. The password is read from VERO_ADMIN_PASSWORD, or else
    /// from the first line of standard input.
    CreateAdmin {
        #[arg(long)]
        username: String,
        /// The admin's name as people see it.
        #[arg(long)]
        name: String,
    },
    /// Checks a people file (CSV, UTF-8, `;` or `,`; columns username, name, role,
    /// school, headed in Latvian or English) and says what importing it would do, or
    /// every bad row. With --apply, imports it if it is clean, printing each new
    /// account's first password.
    Import {
        file: PathBuf,
        #[arg(long)]
        apply: bool,
    },
    /// Gives the account a new first password (printed) and ends its sessions.
    ResetPassword {
        #[arg(long)]
        username: String,
    },
    /// Ends the account's sessions; it cannot sign in until activated again. Its
    /// records stay.
    Deactivate {
        #[arg(long)]
        username: String,
    },
    Activate {
        #[arg(long)]
        username: String,
    },
    /// The audit log, newest first.
    Audit {
        /// Only entries with this text in them.
        #[arg(long)]
        find: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
}

pub fn catalog(lang: Lang) -> Catalog {
    let text = match lang {
        Lang::Lv => include_str!("../../src/i18n/lv.txt"),
        Lang::En => include_str!("../../src/i18n/en.txt"),
    };
    Catalog::parse(text).expect("the shipped catalogues parse (a domain test checks them)")
}

/// Runs one command on the database in `data`; the text to print, or what went wrong.
pub fn run(command: &AdminCommand, data: &Path, lang: Lang) -> Result<String, String> {
    let words = catalog(lang);
    let storage = SqliteStorage::open(data).map_err(|e| e.to_string())?;
    match command {
        AdminCommand::CreateAdmin { username, name } => {
            let password = match std::env::var("VERO_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => read_line()?,
            };
            if password.chars().count() < 10 {
                return Err(words.format("admin.password_short", &[]));
            }
            if !roster::good_username(username) {
                return Err(words.format(
                    "import.problem.bad_username",
                    &[("line", "–"), ("value", username)],
                ));
            }
            storage
                .add_user(&NewUser {
                    username,
                    display_name: name.trim(),
                    role: Role::Admin,
                    school_id: None,
                    password_hash: &hash_password(&password),
                })
                .map_err(|e| match e {
                    StorageError::Taken(_) => {
                        words.format("admin.taken", &[("username", username)])
                    }
                    e => e.to_string(),
                })?;
            storage
                .add_audit(
                    now(),
                    ACTOR,
                    "account.added",
                    username,
                    &format!("{name} · admin"),
                )
                .map_err(|e| e.to_string())?;
            Ok(words.format("admin.created", &[("username", username)]))
        }
        AdminCommand::Import { file, apply } => import(&storage, file, *apply, &words),
        AdminCommand::ResetPassword { username } => {
            let password = first_password();
            let found = storage
                .set_password(username, &hash_password(&password), now(), None)
                .map_err(|e| e.to_string())?;
            if !found {
                return Err(words.format("admin.no_such", &[("username", username)]));
            }
            storage
                .add_audit(now(), ACTOR, "account.password_reset", username, "")
                .map_err(|e| e.to_string())?;
            Ok(format!(
                "{}\n{username};{password}",
                words.format("admin.password_reset", &[("username", username)])
            ))
        }
        AdminCommand::Deactivate { username } | AdminCommand::Activate { username } => {
            let active = matches!(command, AdminCommand::Activate { .. });
            let found = storage
                .set_active(username, active, now())
                .map_err(|e| e.to_string())?;
            if !found {
                return Err(words.format("admin.no_such", &[("username", username)]));
            }
            let (action, key) = if active {
                ("account.activated", "admin.activated")
            } else {
                ("account.deactivated", "admin.deactivated")
            };
            storage
                .add_audit(now(), ACTOR, action, username, "")
                .map_err(|e| e.to_string())?;
            Ok(words.format(key, &[("username", username)]))
        }
        AdminCommand::Audit { find, limit } => {
            let entries = storage
                .audit_log(find.as_deref(), *limit)
                .map_err(|e| e.to_string())?;
            Ok(entries
                .iter()
                .map(|e| {
                    let at = vero_domain::calendar::local_date_time(e.at * 1000, 0);
                    let when = format!(
                        "{} {}",
                        vero_domain::calendar::date_text(at.date()),
                        vero_domain::calendar::time_text(at.time())
                    );
                    format!(
                        "{when} UTC  {}  {}  {}  {}",
                        e.actor, e.action, e.subject, e.detail
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
    }
}

fn read_line() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn problem_text(p: &ImportProblem, words: &Catalog) -> String {
    words.format(
        &p.message_key(),
        &[("line", &p.line.to_string()), ("value", &p.value)],
    )
}

/// Checks a people file and, with `apply` and no problems, imports it as `actor`.
pub fn import_file(
    storage: &dyn Storage,
    bytes: &[u8],
    apply: bool,
    actor: &str,
) -> Result<ImportAnswer, StorageError> {
    let mut answer = ImportAnswer::default();
    let records = match crate::roster::records(bytes) {
        Ok(records) => records,
        Err(e) => {
            let (key, line) = e.key_and_line();
            answer.problems.push(ImportProblem {
                line: line as u32,
                code: key.trim_start_matches("import.").to_owned(),
                value: String::new(),
            });
            return Ok(answer);
        }
    };
    let rows = match roster::read(&records) {
        Ok(rows) => rows,
        Err(problems) => {
            answer.problems = problems
                .into_iter()
                .map(|p| ImportProblem {
                    line: p.line as u32,
                    code: p.code.id().to_owned(),
                    value: p.value,
                })
                .collect();
            return Ok(answer);
        }
    };
    let (existing, schools) = storage.roster()?;
    let plan = roster::plan(&rows, &existing, &schools);
    let person = |username: &str, name: &str, role: Role, school: &Option<String>| ImportPerson {
        username: username.to_owned(),
        name: name.to_owned(),
        role,
        school: school.clone(),
    };
    answer.new_schools = plan.new_schools.clone();
    answer.new_people = plan
        .new_people
        .iter()
        .map(|p| person(&p.username, &p.name, p.role, &p.school))
        .collect();
    answer.changed = plan
        .changed
        .iter()
        .map(|(b, a)| ImportChange {
            before: person(&b.username, &b.name, b.role, &b.school),
            after: person(&a.username, &a.name, a.role, &a.school),
        })
        .collect();
    answer.unchanged = plan.unchanged as u32;
    if apply && !plan.is_empty() {
        let passwords: Vec<FirstPassword> = plan
            .new_people
            .iter()
            .map(|p| FirstPassword {
                username: p.username.clone(),
                password: first_password(),
            })
            .collect();
        let hash = |username: &str| {
            let password = passwords
                .iter()
                .find(|p| p.username == username)
                .map_or("", |p| p.password.as_str());
            hash_password(password)
        };
        storage.import_roster(&plan, &hash, actor, now())?;
        answer.passwords = passwords;
    }
    answer.applied = apply;
    Ok(answer)
}

fn import(
    storage: &SqliteStorage,
    file: &Path,
    apply: bool,
    words: &Catalog,
) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let answer = import_file(storage, &bytes, apply, ACTOR).map_err(|e| e.to_string())?;
    if !answer.problems.is_empty() {
        let mut text: Vec<String> = answer
            .problems
            .iter()
            .map(|p| problem_text(p, words))
            .collect();
        text.push(words.format("import.nothing_imported", &[]));
        return Err(text.join("\n"));
    }
    let nothing =
        answer.new_schools.is_empty() && answer.new_people.is_empty() && answer.changed.is_empty();
    let mut out = vec![describe(&answer, words)];
    if !nothing {
        out.push(words.format(
            if apply {
                "import.done"
            } else {
                "import.apply_hint"
            },
            &[],
        ));
    }
    if !answer.passwords.is_empty() {
        out.push(words.format("import.passwords", &[]));
        out.extend(
            answer
                .passwords
                .iter()
                .map(|p| format!("{};{}", p.username, p.password)),
        );
    }
    Ok(out.join("\n"))
}

fn describe(answer: &ImportAnswer, words: &Catalog) -> String {
    let n = |k: &str, count: usize| words.format(k, &[("n", &count.to_string())]);
    let side = |p: &ImportPerson| {
        format!(
            "{} · {} · {}",
            p.name,
            p.role.id(),
            p.school.as_deref().unwrap_or("—")
        )
    };
    let mut lines = vec![
        n("import.new_schools", answer.new_schools.len()),
        n("import.new_people", answer.new_people.len()),
        n("import.changed", answer.changed.len()),
        n("import.unchanged", answer.unchanged as usize),
    ];
    lines.extend(answer.new_schools.iter().map(|s| format!("  + {s}")));
    lines.extend(
        answer
            .new_people
            .iter()
            .map(|p| format!("  + {} ({})", p.username, side(p))),
    );
    lines.extend(answer.changed.iter().map(|c| {
        format!(
            "  ~ {}: {} → {}",
            c.after.username,
            side(&c.before),
            side(&c.after)
        )
    }));
    lines.join("\n")
}

/// Twelve letters and digits with no look-alikes (no 0/O, 1/l/I).
pub fn first_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 12];
    OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}
