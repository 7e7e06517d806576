//! Seed step 4: read and sign the consent to the processing of personal data.

use crate::components::{AuthLayout, Notice, NoticeKind, RequireUser};
use crate::consent::api::SignConsent;
use crate::consent::{PARAGRAPHS, TITLE, VERSION};
use crate::hydration::{Live, go_to};
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
                <SignForm />
            </AuthLayout>
        } />
    }
}

#[island(lazy)]
fn SignForm() -> impl IntoView {
    let sign = ServerAction::<SignConsent>::new();
    let agreed = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = sign.value().get() {
            go_to("/cabinet");
        }
    });
    let error = move || sign.value().get().and_then(Result::err).map(|e| e.message_ru());
    view! { <Live>
        <form
            class="form"
            method="post"
            action="/api/consent/sign"
            on:submit=move |ev| {
                ev.prevent_default();
                if agreed.get() {
                    sign.dispatch(SignConsent { version: VERSION.to_owned() });
                }
            }
        >
            <input type="hidden" name="version" value=VERSION />
            <label class="checkbox">
                <input type="checkbox" prop:checked=agreed on:change=move |ev| agreed.set(event_target_checked(&ev)) />
                <span>"Я ознакомился(-ась) с текстом и даю согласие на обработку персональных данных"</span>
            </label>
            {move || error().map(|m| view! { <Notice kind=NoticeKind::Error>{m}</Notice> })}
            <button type="submit" class="btn btn-primary btn-block" disabled=move || !agreed.get() || sign.pending().get()>
                "Подписать согласие"
            </button>
        </form>
    </Live> }
}
