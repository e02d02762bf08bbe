//! Vēro's domain: pure Rust shared by the browser app and the server.
//! Nothing here may depend on a browser or a server type, so it is tested natively.

pub mod api;
pub mod i18n;
pub mod role;

pub use i18n::{Catalog, CatalogError, Lang};
pub use role::{Home, Role};
