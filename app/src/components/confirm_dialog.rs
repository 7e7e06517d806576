//! "Are you sure?" for an irreversible action: a modal sheet with the question, what will
//! happen, a red button that does it and a way out (× or `Отмена`).

use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    /// Shown while true; × and `Отмена` set it to false.
    open: RwSignal<bool>,
    /// The id of the title, unique on the page (the dialog is labelled by it).
    #[prop(into)]
    id: String,
    #[prop(into)] title: String,
    #[prop(into)] text: String,
    /// The red button's text.
    #[prop(into)]
    confirm: String,
    on_confirm: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop">
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby=id.clone()>
                    <button type="button" class="dialog-close" aria-label="Закрыть" on:click=move |_| open.set(false)>"×"</button>
                    <h2 id=id.clone()>{title.clone()}</h2>
                    <p class="lead">{text.clone()}</p>
                    <div class="dialog-actions">
                        <button type="button" class="btn btn-danger" on:click=move |_| on_confirm.run(())>{confirm.clone()}</button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| open.set(false)>"Отмена"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
