//! Seed step 4: read and sign the consent to the processing of personal data.

use crate::components::field::{adopt_checked, skip_first_run};
use crate::components::{AuthLayout, Notice, NoticeKind, RequireUser};
use crate::consent::api::SignConsent;
use crate::consent::{PARAGRAPHS, TITLE, VERSION};
use crate::form_replay::{ActionField, FormReplay, replay_for, shown_error};
use crate::hydration::{Live, go_to, is_live};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ConsentPage() -> impl IntoView {
    view! {
        <Title text="Согласие на обработку персональных данных" />
        <RequireUser need_consent=false view=|_user| view! {
            <AuthLayout title=TITLE>
                <p class="lead">
                    "Для начала работы с Личным кабинетом необходимо ознакомиться с согласием и подписать его."
                </p>
                <div class="document" tabindex="0" role="document" aria-label=TITLE>
                    {PARAGRAPHS.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                    <p class="document-version">{format!("Редакция от {VERSION}")}</p>
                </div>
                <SignForm replay=replay_for(ENDPOINT) />
            </AuthLayout>
        } />
    }
}

const ENDPOINT: &str = "consent/sign";

#[island(lazy)]
fn SignForm(replay: Option<FormReplay>) -> impl IntoView {
    let sign = ServerAction::<SignConsent>::new();
    let error = shown_error(sign, replay.as_ref());
    let agreed = RwSignal::new(false);
    let live = is_live();
    let agreed_input = NodeRef::<leptos::html::Input>::new();
    adopt_checked(agreed_input, move || agreed.set(true));
    Effect::new(move |_| {
        if let Some(Ok(())) = sign.value().get() {
            go_to("/cabinet");
        }
    });
    let error = move || error.get().map(|e| e.message_ru());
    view! { <Live no_script=true>
        <form
            class="form"
            method="post"
            action="/consent"
            on:submit=move |ev| {
                ev.prevent_default();
                if agreed.get() {
                    sign.dispatch(SignConsent { version: VERSION.to_owned() });
                }
            }
        >
            <ActionField endpoint=ENDPOINT />
            <input type="hidden" name="version" value=VERSION />
            <label class="checkbox">
                // Without script the browser itself refuses to send the form unticked.
                <input type="checkbox" name="agreed" required node_ref=agreed_input
                    prop:checked=skip_first_run(move || agreed.get()) on:change=move |ev| agreed.set(event_target_checked(&ev)) />
                <span>"Я ознакомился(-ась) с текстом и даю согласие на обработку персональных данных"</span>
            </label>
            {move || error().map(|m| view! { <Notice kind=NoticeKind::Error>{m}</Notice> })}
            <button type="submit" class="btn btn-primary btn-block" disabled=move || (live.get() && !agreed.get()) || sign.pending().get()>
                "Подписать согласие"
            </button>
        </form>
    </Live> }
}
