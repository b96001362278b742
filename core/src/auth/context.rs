//! The sign-in state shared by the server-rendered components of a page.
//! Nothing of it is serialized into the page: the islands that show it take
//! what they need as props (`components::account_area`).

use leptos::prelude::*;

use crate::auth::api::{SignOut, get_current_user, sign_in_choices};
use crate::auth::model::{CurrentUser, ProviderChoice};
use crate::error::AppError;

#[derive(Clone, Copy)]
pub struct AuthContext {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    pub sign_out: ServerAction<SignOut>,
    /// The providers and the other ways into each (configuration only, the
    /// same for everyone). Made here, with the user, so every render makes
    /// its resources in the same order and hydration finds them.
    pub choices: Resource<Result<Vec<ProviderChoice>, AppError>>,
}

/// Creates the context; the user is fetched again after each sign-out.
pub fn provide_auth() -> AuthContext {
    let sign_out = ServerAction::<SignOut>::new();
    let user = Resource::new(move || sign_out.version().get(), |_| get_current_user());
    let choices = Resource::new(|| (), |_| sign_in_choices());
    let context = AuthContext {
        user,
        sign_out,
        choices,
    };
    provide_context(context);
    context
}

pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}
