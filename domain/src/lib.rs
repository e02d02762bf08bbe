//! Vēro's domain: pure Rust shared by the browser app and the server.
//! Nothing here may depend on a browser or a server type, so it is tested natively.

pub mod access;
pub mod analysis;
pub mod api;
pub mod calendar;
pub mod export;
pub mod feedback;
pub mod i18n;
pub mod id;
pub mod kind;
pub mod lists;
pub mod names;
pub mod notices;
pub mod observation;
pub mod observing;
pub mod open_lesson;
pub mod plan;
pub mod retention;
pub mod role;
pub mod roster;
pub mod school;
pub mod summary;
pub mod sync;
pub mod template;
pub mod templates;
pub mod validation;
pub mod visibility;
pub mod whole;
pub mod workflow;

pub use i18n::{Catalog, CatalogError, Lang, Plural};
pub use kind::{ObservationKind, Priority};
pub use observation::{Observation, Status};
pub use role::{Home, Role};
pub use template::{Rating, Template};
