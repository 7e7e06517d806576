// Registers the service worker and moves between pages without a page load: a same-site
// link or form the islands did not handle is fetched, its page swapped in and hydrated.
// Without this script every link and form works as plain HTML.
const html = document.documentElement;
const here = () => location.pathname + location.search;
let navigation = 0;
let shown = here();

if ("serviceWorker" in navigator) {
  addEventListener("load", () => navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {}));
}
history.scrollRestoration = "manual";

const get = (url) => new Request(url, { headers: { Accept: "text/html" } });

function ours(url) {
  return url.origin === location.origin && !/^\/(api|pkg|icons|sw\.js)|\.pdf$/.test(url.pathname);
}

addEventListener("click", (ev) => {
  if (ev.defaultPrevented || ev.button || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const a = ev.target.closest?.("a[href]");
  if (!(a instanceof HTMLAnchorElement) || a.target || a.hasAttribute("download") || a.relList.contains("external")) return;
  const url = new URL(a.href);
  if (!ours(url)) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  ev.preventDefault();
  go(get(url));
});

// "Включить уведомления в браузере": its module only when asked for.
addEventListener("click", (ev) => {
  const b = ev.target.closest?.("[data-push]");
  if (b) import("/push.js").then((m) => m.enable(b));
});

addEventListener("submit", (ev) => {
  const form = ev.target;
  if (ev.defaultPrevented || form.target || form.enctype === "multipart/form-data") return;
  const url = new URL(form.action);
  if (!ours(url)) return;
  const data = new URLSearchParams(new FormData(form, ev.submitter));
  ev.preventDefault();
  if (form.method === "get") {
    url.search = data;
    go(get(url));
  } else if (!form.$sent) {
    // A second tap while the first is on its way sends nothing (one payment, one reading).
    form.$sent = true;
    go(new Request(url, { method: "POST", body: data, headers: { Accept: "text/html" } }), () => form.submit());
  }
});

// A change of the #fragment alone (the skip link) stays the browser's own.
addEventListener("popstate", (ev) => here() !== shown && go(get(location.href), null, ev.state?.y ?? 0));

// Called by the islands (`go_to`) after a successful form.
window.moygazGo = (href) => {
  const url = new URL(href, location.href);
  if (ours(url)) go(get(url));
  else location.assign(url);
};

// An island still hydrating must not meet the next page: wait for it (5 s at most).
async function hydrated() {
  for (let i = 0; i < 100 && html.hasAttribute("data-wasm") && !document.body.hasAttribute("data-hydrated"); i++)
    await new Promise((r) => setTimeout(r, 50));
}

async function go(request, fallback, restoreY) {
  const mine = ++navigation;
  const ready = hydrated();
  html.setAttribute("aria-busy", "true");
  // The page is not ready until the next one has hydrated (the browser tests wait for it).
  document.body.removeAttribute("data-hydrated");
  let response, text;
  try {
    response = await fetch(request);
    text = await response.text();
  } catch {
    response = null;
  }
  await ready;
  if (mine !== navigation) return;
  document.body.removeAttribute("data-hydrated");
  html.removeAttribute("aria-busy");
  if (!response || !(response.headers.get("content-type") || "").includes("text/html")) {
    if (fallback) fallback();
    else location.assign(request.url);
    return;
  }
  const doc = new DOMParser().parseFromString(text, "text/html");
  doc.querySelectorAll("noscript").forEach((n) => n.remove());
  const popped = restoreY !== undefined;
  // A form that comes back to its own page keeps the reader where the form was.
  const stay = request.method === "POST" && new URL(response.url).pathname === location.pathname ? scrollY : 0;
  if (!popped) history.replaceState({ y: scrollY }, "");
  document.title = doc.title;
  const data = resources(doc);
  doc.querySelectorAll("script").forEach((n) => n.remove());
  document.body.replaceChildren(...doc.body.childNodes);
  const url = (response.url || request.url) + (response.redirected ? "" : new URL(request.url).hash);
  if (popped) history.replaceState({ y: restoreY }, "", url);
  else if (url !== location.href) history.pushState({ y: 0 }, "", url);
  shown = here();
  const anchor = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (anchor && !popped) anchor.scrollIntoView();
  else scrollTo(0, popped ? restoreY : stay);
  const heading = document.querySelector("main h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  // Before the WASM runs, Leptos' script hydrates whatever page is there then; after, a
  // fresh reactive root reads this page's resources (`frontend/src/lib.rs`) and the islands
  // hydrate in document order, as the server numbered their data (`hydration.rs`).
  if (!html.hasAttribute("data-wasm")) return;
  const islands = document.querySelectorAll("leptos-island");
  if (!islands.length) return document.body.setAttribute("data-hydrated", "true");
  const resolved = (window.__RESOLVED_RESOURCES ??= []);
  resolved.length = 0;
  data.forEach((value, i) => (resolved[i] = value));
  (await import("/pkg/moygaz.js")).page_swapped();
  for (const island of islands) await window.__hydrateIsland(island, island.dataset.component);
}

// The resources the server resolved for the page's islands, from its inline scripts
// (`__RESOLVED_RESOURCES[3] = "…";`, strings in Rust's debug escaping): Leptos reads them
// by index while an island hydrates, and the CSP rightly forbids running those scripts.
function resources(doc) {
  const data = [];
  const start = /__RESOLVED_RESOURCES\[(\d+)\] = "|[[,](\d+): "/g;
  for (const script of doc.querySelectorAll("script:not([src])")) {
    const t = script.textContent;
    let m;
    start.lastIndex = 0;
    while ((m = start.exec(t))) {
      let i = start.lastIndex, value = "";
      for (let c = t[i++]; c !== '"'; c = t[i++]) {
        if (c === "\\") {
          c = t[i++];
          if (c === "u") {
            const braced = t[i] === "{", end = braced ? t.indexOf("}", i) : i + 4;
            c = String.fromCodePoint(parseInt(t.slice(braced ? i + 1 : i, end), 16));
            i = braced ? end + 1 : end;
          } else c = { n: "\n", r: "\r", t: "\t", 0: "\0" }[c] ?? c;
        }
        value += c;
      }
      data[m[1] ?? m[2]] = value;
      start.lastIndex = i;
    }
  }
  return data;
}
