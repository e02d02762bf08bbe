//! Who is signed in on this device. The session lives in IndexedDB so the app keeps
//! working offline after a restart; only the server can end it early.

mod sign_in;

pub use sign_in::SignIn;

use leptos::prelude::*;
use leptos::task::spawn_local;
use vero_domain::api::{LoginRequest, Session};

use crate::net::{self, NetError};
use crate::store::Store;

#[derive(Clone, Copy)]
pub struct Auth {
    pub session: RwSignal<Option<Session>>,
}

pub fn provide_auth() -> Auth {
    let auth = Auth {
        session: RwSignal::new(None),
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
    /// Keeps the new session on the device, then shows it.
    pub async fn signed_in(self, session: Session) {
        if let Ok(store) = Store::shared().await {
            let _ = store.set_session(Some(&session)).await;
        }
        self.session.set(Some(session));
    }

    /// Ends the session here at once and tells the server when it can be reached;
    /// an unreachable server must not keep a person signed in on a shared tablet.
    pub fn sign_out(self) {
        let token = self.session.get_untracked().map(|s| s.token);
        self.session.set(None);
        spawn_local(async move {
            if let Ok(store) = Store::shared().await {
                let _ = store.set_session(None).await;
            }
            if let Some(token) = token {
                let _ = net::post_empty("/api/logout", Some(&token)).await;
            }
        });
    }
}
