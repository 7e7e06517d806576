//! `Выйти`: ends the session on the server, then a full page load to `/login` drops every
//! client-side trace of it.

use crate::auth::api::Logout;
use crate::hydration::{Live, go_to};
use leptos::prelude::*;

/// Not lazy: it is on every signed-in page, and tiny.
#[island]
pub fn SignOutButton() -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            go_to("/login");
        }
    });
    // An `ActionForm` is a plain form to `/api/auth/logout` without script; Leptos sends the
    // browser back to the page, whose guard sends it on to `/login`.
    view! { <Live no_script=true>
        <ActionForm action=logout>
            <button type="submit" class="btn btn-ghost">"Выйти"</button>
        </ActionForm>
    </Live> }
}
