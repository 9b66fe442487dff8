//! How the page's WASM is loaded and the page hydrated: Leptos'
//! `HydrationScripts`, except on a page with a map.
//!
//! Why: hydrating takes the browser's main thread for 100-150 ms on a modest
//! machine (compiling the last of the WASM, then walking the page), and on
//! the map page the first labs, already received, waited for it before
//! they could be drawn (a Chromium trace showed it; README, "Benchmarks").
//! So there the WASM is still fetched and compiled at once, but `hydrate`
//! runs only once the map has shown its first labs (`public/labs/map.js`
//! sends `legami-map:shown` and sets `window.legamiMapShown`), or after two
//! seconds whatever happened. Every other page hydrates as soon as it can.

use leptos::prelude::*;

/// The map script's signal, and how long a page waits for it at most.
const MAP_SHOWN_EVENT: &str = "legami-map:shown";
const MAP_WAIT_MS: u32 = 2000;

#[component]
pub fn Hydration(options: LeptosOptions) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let pkg = format!("/{}", options.site_pkg_dir);
    let name = &options.output_name;
    let js = format!("{pkg}/{name}.js");
    // As Leptos names it: wasm-bindgen's `_bg` suffix unless cargo-leptos
    // set the output name at compile time.
    let suffix = if option_env!("LEPTOS_OUTPUT_NAME").is_some() { "" } else { "_bg" };
    let wasm = format!("{pkg}/{name}{suffix}.wasm");
    let script = format!(
        "import init, {{ hydrate }} from {js:?};\n\
         const shown = document.querySelector(\"[data-labs-map]\") && !window.legamiMapShown\n  \
           ? new Promise((done) => {{ document.addEventListener({MAP_SHOWN_EVENT:?}, done, {{ once: true }}); \
         setTimeout(done, {MAP_WAIT_MS}); }})\n  \
           : null;\n\
         init({{ module_or_path: {wasm:?} }}).then(() => shown).then(() => hydrate());"
    );
    view! {
        <link rel="modulepreload" href=js crossorigin=""/>
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module" nonce=nonce>{script}</script>
    }
}
