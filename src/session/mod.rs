//! Who is signed in on this device. The session is kept in the device's database so
//! the app keeps working offline after a restart; only the server can end it early.
//! Signing in opens that person's own database; signing out closes it, and whatever
//! they had not sent stays in it for their next sign-in.

mod password;
mod sign_in;
mod sign_out;

pub use password::PasswordPage;
pub use sign_in::SignIn;
pub use sign_out::SignOut;

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::api::{LoginRequest, Session};

use crate::net::{self, NetError};
use crate::store::account::AccountStore;
use crate::store::{device, StoreError};

#[derive(Clone, Copy)]
pub struct Auth {
    pub session: RwSignal<Option<Session>>,
    account: AccountStore,
}

pub fn provide_auth(account: AccountStore) -> Auth {
    let auth = Auth {
        session: RwSignal::new(None),
        account,
    };
    provide_context(auth);
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

pub async fn login(username: &str, password: &str) -> Result<Session, NetError> {
    let request = LoginRequest {
        username: username.to_owned(),
        password: password.to_owned(),
    };
    net::post_json("/api/login", &request, None).await
}

impl Auth {
    /// The signed-in account's id, or empty.
    pub fn user_id(&self) -> String {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.user.id.clone()))
            .unwrap_or_default()
    }

    /// Opens the person's database, keeps the session on the device, then shows it.
    pub async fn signed_in(self, session: Session) -> Result<(), StoreError> {
        if self.user_id() != session.user.id {
            self.account.close();
        }
        self.account.open(&session.user.id).await?;
        device::set_session(Some(&session)).await?;
        self.session.set(Some(session));
        Ok(())
    }

    /// The person has set their own password: the session (here and on the device) no
    /// longer asks for one.
    pub async fn password_set(self) {
        let Some(mut session) = self.session.get_untracked() else {
            return;
        };
        if !session.user.must_change_password {
            return;
        }
        session.user.must_change_password = false;
        let _ = device::set_session(Some(&session)).await;
        let _ = self.session.try_set(Some(session));
    }

    /// The session the device kept, at start: the person's database opened again.
    pub async fn resume(self, session: Session) -> Result<(), StoreError> {
        self.account.open(&session.user.id).await?;
        self.session.set(Some(session));
        Ok(())
    }

    /// Ends the session here at once and tells the server when it can be reached; an
    /// unreachable server must not keep a person signed in on a shared tablet. Their
    /// database stays as it is, closed.
    pub fn sign_out(self) {
        let token = self.session.get_untracked().map(|s| s.token);
        self.session.set(None);
        self.account.close();
        spawn_local(async move {
            if let Err(e) = device::set_session(None).await {
                leptos::logging::error!("{e}");
            }
            if let Some(token) = token {
                let _ = net::post_empty("/api/logout", Some(&token)).await;
            }
        });
    }
}

/// The signed-in person, as what they do is recorded: their account id and name
/// (empty when nobody is signed in).
#[derive(Clone, Default, PartialEq)]
pub struct Me {
    pub id: String,
    pub name: String,
}

pub fn me() -> Me {
    use_auth()
        .session
        .get_untracked()
        .map(|s| Me {
            id: s.user.id,
            name: s.user.display_name,
        })
        .unwrap_or_default()
}
