//! Pages are rendered on the server and only their interactive parts, the islands, hydrate
//! in the browser. Most are `#[island(lazy)]`, each in a WASM chunk of its own
//! (`cargo leptos build --split`); the registration form and the sign-out button are
//! plain `#[island]`s in the main module. The browser tests and the PWA wait for `data-hydrated` on `<body>`: it is set
//! once every island on the page has hydrated (or at once on a page without islands).

use leptos::prelude::*;

/// The root of every island's view. Once live, the island counts itself, and the last one
/// marks the page. An island whose form does not work without script yet keeps its
/// controls disabled until then (`<fieldset disabled>`, laid out as if absent); one whose
/// form posts to its page (`no_script`, see `form_replay`) is usable from the first paint.
#[component]
pub fn Live(#[prop(optional)] no_script: bool, children: Children) -> impl IntoView {
    let live = RwSignal::new(false);
    // Effects run only in the browser, after the island's view has hydrated.
    Effect::new(move |_| {
        live.set(true);
        #[cfg(feature = "hydrate")]
        browser::count_one();
    });
    view! {
        <fieldset class="live" disabled=move || !no_script && !live.get()>
            {children()}
        </fieldset>
    }
}

/// `true` once the island calling it runs in the browser. A control that only makes sense
/// with script (a button disabled until a box is ticked) waits for it, so that the form is
/// usable before and without script.
pub fn is_live() -> Signal<bool> {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    live.into()
}

/// Called by the WASM entry before the islands hydrate: a page without islands is ready.
#[cfg(feature = "hydrate")]
pub fn page_started() {
    browser::mark_if_done();
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;

    thread_local! {
        static HYDRATED: Cell<u32> = const { Cell::new(0) };
    }

    pub fn count_one() {
        HYDRATED.with(|n| n.set(n.get() + 1));
        mark_if_done();
    }

    pub fn mark_if_done() {
        let document = leptos::prelude::document();
        let islands = document.query_selector_all("leptos-island").map(|list| list.length()).unwrap_or(0);
        if HYDRATED.with(Cell::get) >= islands {
            if let Some(body) = document.body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        }
    }
}

/// Where a successful form leads: a full page load (there is no router in the browser).
pub fn go_to(path: &str) {
    let _ = window().location().set_href(path);
}
