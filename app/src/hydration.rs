//! Pages are rendered on the server and only their interactive parts, the islands, hydrate
//! in the browser. Most are `#[island(lazy)]`, each in a WASM chunk of its own
//! (`cargo leptos build --split`); the registration form and the sign-out button are
//! plain `#[island]`s in the main module. The browser tests and the PWA wait for `data-hydrated` on `<body>`: it is set
//! once every island on the page has hydrated (or at once on a page without islands).
//! Each live island marks its own `<leptos-island>` (`data-live`), so the count holds when
//! `public/page.js` swaps in the next page without a page load and hydrates its islands.

use leptos::prelude::*;

/// The root of every island's view. Once live, the island counts itself, and the last one
/// marks the page. An island whose form does not work without script yet keeps its
/// controls disabled until then (`<fieldset disabled>`, laid out as if absent); one whose
/// form posts to its page (`no_script`, see `form_replay`) is usable from the first paint.
#[component]
pub fn Live(#[prop(optional)] no_script: bool, children: Children) -> impl IntoView {
    let live = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Fieldset>::new();
    // Effects run only in the browser, after the island's view has hydrated.
    Effect::new(move |_| {
        live.set(true);
        #[cfg(feature = "hydrate")]
        if let Some(root) = root.get_untracked() {
            browser::mark_live(&root);
        }
    });
    view! {
        <fieldset class="live" node_ref=root disabled=move || !no_script && !live.get()>
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

/// Called by the WASM entry before the islands hydrate: a page without islands is ready,
/// and `page.js` learns that it may hydrate the islands of the pages it swaps in.
#[cfg(feature = "hydrate")]
pub fn page_started() {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-wasm", "ready");
    }
    browser::mark_if_done();
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::web_sys::Element;

    pub fn mark_live(root: &Element) {
        if let Ok(Some(island)) = root.closest("leptos-island") {
            let _ = island.set_attribute("data-live", "");
        }
        mark_if_done();
    }

    pub fn mark_if_done() {
        let document = leptos::prelude::document();
        if let (Ok(None), Some(body)) =
            (document.query_selector("leptos-island:not([data-live])"), document.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    }
}

/// Where a successful form leads. Through a link, so that `public/page.js` swaps the next
/// page in without a page load (and a page of another site, the acquirer's, simply loads).
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let document = document();
        if let (Ok(link), Some(body)) = (document.create_element("a"), document.body()) {
            if let (Ok(()), Ok(link)) =
                (link.set_attribute("href", path), link.dyn_into::<leptos::web_sys::HtmlElement>())
            {
                if body.append_child(&link).is_ok() {
                    link.click();
                    link.remove();
                    return;
                }
            }
        }
    }
    let _ = window().location().set_href(path);
}
