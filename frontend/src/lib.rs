//! The WASM entry: hydrates the server-rendered page, lazily, because every screen is a
//! lazy route whose chunk is fetched before that part of the page hydrates
//! (`leptos::mount::hydrate_lazy`, plus the marker below).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // An `Err` only means the executor was already started.
    _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else { return };
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        // Only now is every part of the page interactive; the browser tests wait for it.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
