//! The merge rules under any delivery: devices edit offline, see some of each other's
//! patches, and the patches reach a replica in any order, some of them several times.

use proptest::prelude::*;
use vero_domain::sync::{Dot, Patch, RecordState};

const FIELDS: [&str; 4] = ["rating.A1", "opinion", "reflection", "comment.u3"];

/// One step of a history: device `device` either makes a patch setting `fields` to
/// `value`, or first learns the patches of device `learn_from` it has not seen.
#[derive(Debug, Clone)]
enum Step {
    Edit {
        device: usize,
        fields: Vec<usize>,
        value: u8,
    },
    Learn {
        device: usize,
        from: usize,
    },
}

fn step(devices: usize) -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..devices, prop::collection::vec(0..FIELDS.len(), 1..3), 0u8..4)
            .prop_map(|(device, fields, value)| Step::Edit { device, fields, value }),
        1 => (0..devices, 0..devices).prop_map(|(device, from)| Step::Learn { device, from }),
    ]
}

/// Plays a history the way real devices behave: each applies its own patches before
/// making the next and bases each patch on all it has seen.
fn play(devices: usize, steps: &[Step]) -> Vec<Patch> {
    let mut states = vec![RecordState::default(); devices];
    let mut made: Vec<Vec<Patch>> = vec![Vec::new(); devices];
    let mut all = Vec::new();
    for s in steps {
        match s {
            Step::Edit {
                device,
                fields,
                value,
            } => {
                let name: std::sync::Arc<str> = format!("d{device}").into();
                let p = Patch {
                    record: "r".into(),
                    dot: Dot {
                        device: name.clone(),
                        seq: made[*device].len() as u64 + 1,
                    },
                    author: name,
                    at: all.len() as i64,
                    base: states[*device].version(),
                    set: fields
                        .iter()
                        .map(|&f| (FIELDS[f].to_string(), value.to_string()))
                        .collect(),
                };
                states[*device].apply(&p);
                made[*device].push(p.clone());
                all.push(p);
            }
            Step::Learn { device, from } => {
                for p in made[*from].clone() {
                    states[*device].apply(&p);
                }
            }
        }
    }
    all
}

/// Delivers in `order`; every other patch is handed over (`apply_owned`, as the server
/// takes in a push) rather than lent, so both ways are held to the same result.
fn deliver(patches: &[Patch], order: &[usize]) -> RecordState {
    let mut state = RecordState::default();
    for (n, &i) in order.iter().enumerate() {
        let patch = &patches[i % patches.len()];
        if n % 2 == 0 {
            state.apply(patch);
        } else {
            state.apply_owned(patch.clone());
        }
    }
    state
}

/// A delivery from `seed`: every patch at least once, some again, shuffled.
fn delivery(n: usize, seed: u64) -> Vec<usize> {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x as usize
    };
    let mut order: Vec<usize> = (0..n).collect();
    let repeats = next() % (n + 1);
    order.extend((0..repeats).map(|_| next() % n.max(1)));
    for i in (1..order.len()).rev() {
        order.swap(i, next() % (i + 1));
    }
    order
}

fn history() -> impl Strategy<Value = (usize, Vec<Step>)> {
    (1usize..4)
        .prop_flat_map(|devices| (Just(devices), prop::collection::vec(step(devices), 1..25)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_order_and_any_repeats_converge(
        (devices, steps) in history(),
        seed in any::<u64>(),
    ) {
        let patches = play(devices, &steps);
        let in_order: Vec<usize> = (0..patches.len()).collect();
        let expected = deliver(&patches, &in_order);
        for round in 0..4u64 {
            let order = delivery(patches.len(), seed.wrapping_add(round));
            prop_assert_eq!(&deliver(&patches, &order), &expected);
        }
    }

    #[test]
    fn no_edit_disappears_unless_someone_saw_it(
        (devices, steps) in history(),
    ) {
        let patches = play(devices, &steps);
        let order: Vec<usize> = (0..patches.len()).rev().collect();
        let state = deliver(&patches, &order);
        for p in &patches {
            for path in p.set.keys() {
                let kept = state.fields[path].heads.iter().any(|h| h.dot == p.dot);
                let overwritten_knowingly = patches.iter().any(|q| {
                    q.dot != p.dot && q.set.contains_key(path) && q.base.contains(&p.dot)
                });
                prop_assert!(
                    kept || overwritten_knowingly,
                    "{:?} of {} vanished", p.dot, path
                );
            }
        }
    }

    #[test]
    fn a_field_disagrees_only_when_edits_did_not_see_each_other(
        (devices, steps) in history(),
    ) {
        let patches = play(devices, &steps);
        let state = deliver(&patches, &(0..patches.len()).collect::<Vec<_>>());
        for field in state.fields.values() {
            for a in &field.heads {
                for b in &field.heads {
                    let pa = patches.iter().find(|p| p.dot == a.dot).unwrap();
                    prop_assert!(a.dot == b.dot || !pa.base.contains(&b.dot));
                }
            }
        }
        // Whatever the state, a patch based on all of it leaves one value per field.
        let mut resolved = state.clone();
        let all: Vec<String> = state.fields.keys().cloned().collect();
        resolved.apply(&Patch {
            record: "r".into(),
            dot: Dot { device: "chooser".into(), seq: 1 },
            author: "chooser".into(),
            at: 0,
            base: state.version(),
            set: all.iter().map(|f| (f.clone(), "\"chosen\"".into())).collect(),
        });
        prop_assert_eq!(resolved.conflicts().count(), 0);
    }
}
