//! The WASM entry. The page is server-rendered; only its islands hydrate, each from its own
//! lazily fetched chunk (`#[island(lazy)]`, `cargo leptos build --split`). Leptos' island
//! script calls `hydrate` first and then each island's exported function.

// The islands' exported hydrate functions are linked only if this crate uses the app crate.
#[allow(unused_imports)]
use app::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    app::hydration::page_started();
}

/// Called by `public/page.js` after it swapped in another page, before that page's islands
/// hydrate: a fresh reactive root whose serialized-data ids count from 0 again, as the
/// server's did when it rendered that page (the data itself `page.js` has put in place).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn page_swapped() {
    leptos::mount::hydrate_islands();
}
