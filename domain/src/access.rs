//! Which of the sheets on an account's device belong in which of its lists. The device
//! holds only what the server sent that account (each account has a database of its
//! own), and the server sends another person's sheet only once it is shared with them;
//! these rules say the same on the device, so a copy that is no longer shared (on its
//! way out as `gone`) or was never meant for this person shows nowhere.

use crate::{Observation, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// The person's own sheet (or one made before sheets named their author).
    Mine,
    /// Someone else's sheet, shared with this person.
    SharedWithMe,
    /// Deleted, or someone else's sheet that is not shared.
    Hidden,
}

/// Where `sheet` is listed for the account `user`.
pub fn listing(user: &str, sheet: &Observation) -> Listing {
    if sheet.deleted_at.is_some() {
        Listing::Hidden
    } else if sheet.author.is_empty() || sheet.author == user {
        Listing::Mine
    } else if sheet.status == Status::Shared {
        Listing::SharedWithMe
    } else {
        Listing::Hidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ObservationKind, Template};

    fn sheet(author: &str, status: Status) -> Observation {
        let mut o = Observation::new(
            "0190f3a1-2b3c-7fff-bfff-000000000001".into(),
            ObservationKind::Peer,
            &Template::default_template(),
            1,
        );
        o.author = author.into();
        o.status = status;
        o
    }

    #[test]
    fn own_sheets_are_mine_others_only_once_shared() {
        assert_eq!(listing("1", &sheet("1", Status::Draft)), Listing::Mine);
        assert_eq!(listing("1", &sheet("1", Status::Shared)), Listing::Mine);
        assert_eq!(listing("1", &sheet("", Status::Draft)), Listing::Mine);
        assert_eq!(
            listing("2", &sheet("1", Status::Shared)),
            Listing::SharedWithMe
        );
        assert_eq!(listing("2", &sheet("1", Status::Draft)), Listing::Hidden);
        let mut gone = sheet("1", Status::Draft);
        gone.deleted_at = Some(5);
        assert_eq!(listing("1", &gone), Listing::Hidden);
    }
}
