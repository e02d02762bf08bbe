//! What sync keeps on the device: the outbox of patches not yet acknowledged, what the
//! server last sent of each record, the patches it refused, and which sheets changed;
//! and how the sync cycle's writes (`vero_domain::sync::cycle::Write`) land in them.

use serde::de::DeserializeOwned;
use vero_domain::sync::cycle::Write;
use vero_domain::sync::device::{Attention, Device, Synced};
use vero_domain::sync::PushedPatch;
use wasm_bindgen::JsValue;

use super::conflicts::note_op;
use super::{
    from_stored, Op, Store, StoreError, ATTENTION, CONFLICTS, MARK, META, OBSERVATIONS, OUTBOX,
    SYNCED,
};

/// The account's sync identity on this device, in `meta`.
pub const DEVICE: &str = "device";
/// When the last sync got through (Unix ms), in `meta`.
pub const LAST_SYNC: &str = "last_sync";
/// Template versions are kept in `meta` under keys from here to `TEMPLATES_END`.
const TEMPLATES: &str = "template:";
const TEMPLATES_END: &str = "template;";

fn template_key(t: &vero_domain::Template) -> String {
    format!("{TEMPLATES}{}:{:08}", t.id, t.version)
}

pub fn outbox_key(device: &str, seq: u64) -> String {
    format!("{device}:{seq:020}")
}

fn read_all<T: DeserializeOwned>(values: Vec<JsValue>) -> Vec<T> {
    values
        .into_iter()
        .filter_map(|v| serde_wasm_bindgen::from_value(v).ok())
        .collect()
}

/// The writes of one step of the sync cycle, as this database keeps them.
pub fn ops_of(writes: Vec<Write>) -> Result<Vec<Op>, StoreError> {
    let mut ops = Vec::with_capacity(writes.len());
    for write in writes {
        match write {
            Write::Queue { device, patch } => {
                let key = outbox_key(&device, patch.seq);
                ops.push(Op::put(OUTBOX, Some(key), &patch)?);
            }
            Write::Unqueue { device, seq } => ops.push(Op::Delete {
                store: OUTBOX,
                key: outbox_key(&device, seq),
            }),
            Write::Attention(a) => ops.push(Op::put(ATTENTION, None, &a)?),
            Write::Synced(s) => ops.push(Op::put(SYNCED, None, &s)?),
            Write::Clean { id, seen_at } => ops.push(Op::Clean { id, seen_at }),
            Write::Sheet(o) => ops.push(Op::sheet(&o)?),
            Write::Conflicts { record, note } => ops.push(note_op(&record, note.as_ref())?),
            Write::Gone(id) => {
                for store in [OBSERVATIONS, SYNCED, CONFLICTS] {
                    ops.push(Op::Delete {
                        store,
                        key: id.clone(),
                    });
                }
            }
            Write::Template(t) => ops.push(Op::put(META, Some(template_key(&t)), &*t)?),
            Write::Device(d) => ops.push(Op::put(META, Some(DEVICE.into()), &d)?),
        }
    }
    Ok(ops)
}

impl Store {
    /// This account's sync identity on this device, if it has synced before.
    pub async fn device(&self) -> Result<Option<Device>, StoreError> {
        self.get(META, DEVICE).await
    }

    /// Sheets changed on this device since they were last sent: id → when, in id order.
    pub async fn dirty(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let marked = self.read(OBSERVATIONS)?.index(MARK)?;
        // The index's keys are the marks, its primary keys the sheets' ids.
        let mut found: Vec<(String, i64)> = marked
            .scan(None, None, None, None)
            .await?
            .into_iter()
            .filter_map(|(mark, sheet)| {
                let id = js_sys::Reflect::get(&sheet, &JsValue::from_str("id")).ok()?;
                Some((id.as_string()?, mark.as_f64()? as i64))
            })
            .collect();
        found.sort_unstable();
        Ok(found)
    }

    /// The device's unacknowledged patches, oldest first.
    pub async fn outbox(&self, device: &str) -> Result<Vec<PushedPatch>, StoreError> {
        let (lower, upper) = (format!("{device}:"), format!("{device};"));
        let values = self.get_all(OUTBOX, Some((&lower, &upper))).await?;
        Ok(read_all(values))
    }

    /// Every unacknowledged patch in this database.
    pub async fn outbox_all(&self) -> Result<Vec<PushedPatch>, StoreError> {
        Ok(read_all(self.get_all(OUTBOX, None).await?))
    }

    /// The template versions this account's syncs brought, oldest first.
    pub async fn templates(&self) -> Result<Vec<vero_domain::Template>, StoreError> {
        let values = self.get_all(META, Some((TEMPLATES, TEMPLATES_END))).await?;
        Ok(read_all(values))
    }

    pub async fn attention(&self) -> Result<Vec<Attention>, StoreError> {
        Ok(read_all(self.get_all(ATTENTION, None).await?))
    }

    /// What the server last sent of these records (missing ones: default).
    pub async fn synced(&self, ids: &[String]) -> Result<Vec<Synced>, StoreError> {
        let values = self.get_many(SYNCED, ids).await?;
        let mut out = Vec::with_capacity(ids.len());
        for (id, value) in ids.iter().zip(values) {
            let synced = from_stored(value)?.unwrap_or_else(|| Synced {
                id: id.clone(),
                ..Synced::default()
            });
            out.push(synced);
        }
        Ok(out)
    }

    /// Ids of every record the server has sent.
    pub async fn synced_ids(&self) -> Result<Vec<String>, StoreError> {
        let keys = self.get_all_keys(SYNCED).await?;
        Ok(keys.into_iter().filter_map(|k| k.as_string()).collect())
    }

    /// The records with changes the server does not have yet: changed since sent, or
    /// sent and not yet acknowledged. What a person signing out is told about.
    pub async fn unsent(&self) -> Result<std::collections::BTreeSet<String>, StoreError> {
        let mut ids: std::collections::BTreeSet<String> =
            self.dirty().await?.into_iter().map(|(id, _)| id).collect();
        ids.extend(self.outbox_all().await?.into_iter().map(|p| p.record));
        Ok(ids)
    }
}
