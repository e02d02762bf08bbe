//! Conflicts as a person resolves them. When the same field was edited on two devices
//! without either seeing the other's edit, the server keeps both values (see `merge`);
//! the app shows the local copy with the latest of them, which would look like the
//! other edit was dropped. So the person who may write that field is shown every value
//! and keeps one: that choice goes out as an edit made on a base that has seen all the
//! values, and the server's merge replaces them with it.

use super::device::Synced;
use super::fields::{class_of, set_field, Codec, FieldClass, FieldError};
use super::wire::{shown, HeadView, RecordView};
use crate::{Observation, Status};

/// One field whose value people disagree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub path: String,
    /// Each distinct value once (JSON text), with who wrote it and when; oldest first.
    pub values: Vec<HeadView>,
}

/// Whether `user` may write a field of this class in a record made by `owner`, whose
/// observed teacher is `teacher` once the record is shared. The server's rule (its
/// `may_write`), on the account ids as the device knows them.
pub fn may_write(class: &FieldClass, user: &str, owner: &str, teacher: Option<&str>) -> bool {
    match class {
        FieldClass::Sheet | FieldClass::Private | FieldClass::Opinion => user == owner,
        FieldClass::Teacher => teacher == Some(user),
        FieldClass::Comment(writer) => writer == user,
        // An event is written once by who took the step; only an author's amendment is
        // written again, so only they could ever be asked.
        FieldClass::Event(_) => user == owner || teacher == Some(user),
    }
}

/// The teacher who may answer the record: the account its shown `context.teacher_id`
/// names, while any value of `status` says it is shared (as the server decides).
fn answering_teacher<C: Codec>(view: &RecordView) -> Option<String> {
    let shared = view.fields.get("status").is_some_and(|heads| {
        heads
            .iter()
            .any(|h| C::decode::<Status>(&h.value) == Ok(Status::Shared))
    });
    let named = shown(view.fields.get("context.teacher_id")?)?;
    let id: String = C::decode(&named.value).ok()?;
    let id = id.trim();
    (shared && !id.is_empty()).then(|| id.to_owned())
}

/// Fields one edit sets together (the teacher's name and account, picked from the
/// directory as one): choosing a value of the first chooses the second's value written
/// with it, and while the first is in conflict the second is not asked about apart.
const TOGETHER: [(&str, &str); 1] = [("context.teacher", "context.teacher_id")];

/// The conflicts in this device's copy of a record that `user` may resolve: fields they
/// may write, each with its distinct values.
pub fn open_conflicts<C: Codec>(synced: &Synced, user: &str) -> Vec<Conflict> {
    let Some(view) = &synced.view else {
        return Vec::new();
    };
    let teacher = answering_teacher::<C>(view);
    let conflicts = view.conflicts();
    let in_conflict = |path: &str| conflicts.iter().any(|(p, _)| *p == path);
    let mut out = Vec::new();
    for (path, heads) in &conflicts {
        let writable = class_of(path)
            .is_some_and(|class| may_write(&class, user, &view.owner, teacher.as_deref()));
        let asked_with = TOGETHER
            .iter()
            .any(|(first, second)| second == path && in_conflict(first));
        if !writable || asked_with {
            continue;
        }
        // Oldest first, by insertion: a sort would cost the browser app more code than
        // these few values are worth.
        let mut values: Vec<HeadView> = Vec::with_capacity(heads.len());
        for head in heads {
            let at = values.partition_point(|v| (v.at, &v.value) <= (head.at, &head.value));
            values.insert(at, (*head).clone());
        }
        out.push(Conflict {
            path: (*path).to_owned(),
            values,
        });
    }
    out
}

/// Keeps `value` as the only value of the field at `path`: the local copy takes it, and
/// the next `flush` sends it, on a base (the record's version) that has seen every
/// value in conflict, so the server's merge keeps it alone. Until the server answers,
/// this device's view holds the kept value alone, as the server will.
///
/// Err when `value` is not one of the field's values any more (another sync changed it
/// meanwhile) or cannot be read; then nothing changes.
pub fn keep<C: Codec>(
    synced: &mut Synced,
    local: &mut Observation,
    path: &str,
    value: &str,
) -> Result<(), FieldError> {
    let view = synced
        .view
        .as_ref()
        .ok_or_else(|| FieldError(format!("no server version of `{path}`")))?;
    let chosen = choices(view, path, value)?;
    let mut changed = local.clone();
    for (path, value) in &chosen {
        set_field::<C>(&mut changed, path, value)?;
    }
    *local = changed;
    for (path, value) in &chosen {
        collapse(synced, path, value);
    }
    Ok(())
}

/// The field and value chosen, and the companion's value written with it (by the same
/// account at the same moment) when the companion is in conflict too.
fn choices(
    view: &RecordView,
    path: &str,
    value: &str,
) -> Result<Vec<(String, String)>, FieldError> {
    let heads = view.fields.get(path).map(Vec::as_slice).unwrap_or_default();
    let edits: Vec<(&str, i64)> = heads
        .iter()
        .filter(|h| h.value == value)
        .map(|h| (h.by.as_str(), h.at))
        .collect();
    if edits.is_empty() {
        return Err(FieldError(format!("`{value}` is not a value of `{path}`")));
    }
    let mut chosen = vec![(path.to_owned(), value.to_owned())];
    for (_, second) in TOGETHER.iter().filter(|(first, _)| *first == path) {
        let Some(heads) = view.fields.get(*second) else {
            continue;
        };
        let disagree = heads.iter().any(|h| h.value != heads[0].value);
        let with = heads
            .iter()
            .find(|h| edits.contains(&(h.by.as_str(), h.at)));
        if let (true, Some(head)) = (disagree, with) {
            chosen.push(((*second).to_owned(), head.value.clone()));
        }
    }
    Ok(chosen)
}

/// The view keeps `value` alone at `path`, and the basis says the local copy was built
/// from a value it no longer has (one of those dropped), so the field counts as changed
/// even when the kept value is the one already shown: `flush` sends it.
fn collapse(synced: &mut Synced, path: &str, value: &str) {
    let Some(heads) = synced.view.as_mut().and_then(|v| v.fields.get_mut(path)) else {
        synced.basis.remove(path);
        return;
    };
    let dropped = heads
        .iter()
        .find(|h| h.value != value)
        .map(|h| h.value.clone());
    heads.retain(|h| h.value == value);
    match dropped {
        Some(other) => synced.basis.insert(path.to_owned(), other),
        None => synced.basis.remove(path),
    };
}
