//! The observation sheet: start one, fill it on a tablet, find it among the drafts.
//! Everything is kept on the device as it is typed.

mod closing;
pub mod conflict_text;
pub mod conflicts;
mod context_form;
pub mod doc;
mod drafts;
mod fields;
mod header;
mod notes;
mod page;
mod sections;
mod start;

pub use drafts::{Drafts, DraftsPage};
pub(crate) use page::read as read_newest;
pub use page::SheetPage;
pub use start::StartSheet;

pub use crate::i18n::dates::{local_clock_text, local_date_time, local_time_text};
pub use crate::template::{latest_template, sheet_template, template_for};
