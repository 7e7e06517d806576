//! A labelled input with its hint and its error right under it.

use leptos::prelude::*;

#[component]
pub fn TextField(
    /// The `name` sent with the form; also the element id.
    #[prop(into)]
    name: String,
    /// The element id, when `field-{name}` is not unique on the page (one form per meter).
    #[prop(into, optional)]
    id: Option<String>,
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
    let id = id.unwrap_or_else(|| format!("field-{name}"));
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
    let shown = after_hydration(value);
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

/// The `prop:value` of a field whose server-rendered value is its start: the first run (the
/// hydration) leaves the element as it is, later changes of `value` are written to it.
pub fn after_hydration(value: RwSignal<String>) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    skip_first_run(move || value.get())
}

/// A reactive property that hydration must not write: what a customer typed or ticked
/// before the island woke up stays. The closure still runs (and subscribes) the first time.
pub fn skip_first_run<T>(
    f: impl Fn() -> T + Send + Sync + 'static,
) -> impl Fn() -> Option<T> + Send + Sync + 'static {
    let first_run = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    move || {
        let current = f();
        (!first_run.swap(false, std::sync::atomic::Ordering::Relaxed)).then_some(current)
    }
}

/// Once the island is live: if the radio or checkbox was ticked before, `adopt` runs, so the
/// island's signal agrees with what the customer sees.
pub fn adopt_checked(input: NodeRef<leptos::html::Input>, adopt: impl Fn() + 'static) {
    Effect::new(move |_| {
        if input.get_untracked().is_some_and(|el| el.checked()) {
            adopt();
        }
    });
}
