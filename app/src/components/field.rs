//! A labelled input with its hint and its error right under it.

use leptos::prelude::*;

#[component]
pub fn TextField(
    /// The `name` sent with the form; also the element id.
    #[prop(into)]
    name: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into, optional)] hint: Signal<Option<String>>,
    #[prop(into, default = "text".into())] input_type: String,
    #[prop(into, optional)] autocomplete: String,
    #[prop(into, optional)] inputmode: Option<String>,
    /// Called when the field loses focus: the page starts showing this field's errors.
    #[prop(into, optional)]
    on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.with(Option::is_some) {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    // What was typed before the island hydrated stays: the server's `value` attribute is the
    // start, hydration does not set the property (the first run is skipped), and the typed
    // text is read into the signal once the island is live.
    let input = NodeRef::<leptos::html::Input>::new();
    let first_run = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let shown = move || {
        let current = value.get();
        (!first_run.swap(false, std::sync::atomic::Ordering::Relaxed)).then_some(current)
    };
    Effect::new(move |_| {
        if let Some(el) = input.get_untracked() {
            let typed = el.value();
            if typed != value.get_untracked() {
                value.set(typed);
            }
        }
    });
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label class="field-label" for=id.clone()>{label}</label>
            <input
                class="field-input"
                id=id.clone()
                name=name
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                node_ref=input
                value=value.get_untracked()
                prop:value=shown
                on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=move |_| {
                    if let Some(cb) = on_blur {
                        cb.run(())
                    }
                }
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described_by
            />
            {move || hint.get().map(|h| view! { <p class="field-hint" id=hint_id.clone()>{h}</p> })}
            {move || {
                error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })
            }}
        </div>
    }
}
