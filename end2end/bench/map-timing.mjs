// Map benchmark (issue "Map of districts and neighbourhood labs"), run by
// bench/map.sh: in headless Chromium, the time from navigation to a map
// showing its markers, to the map reacting to a click on a marker (a popup
// opens, or a group starts zooming in) and to the click answered (the
// popup, or the labs of the new view drawn).
//   node end2end/bench/map-timing.mjs <base-url> <path> [runs]
import { chromium } from "@playwright/test";

const [base, path, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic", "--no-first-run"],
});
// Where the time goes, from the page's own timeline (ms after navigation
// start): the HTML, the deferred scripts, the map script's marks, hydration.
const PHASES = ["html", "dom-ready", "leaflet-ready", "labs-asked", "labs-received", "labs-drawn", "labs-shown",
  "boundaries-drawn", "wasm-loaded", "hydrated"];
const phases = Object.fromEntries(PHASES.map((p) => [p, []]));
const shown = [];
const reacted = [];
const answered = [];
let markers = 0;
for (let i = 0; i < runs; i++) {
  // A new context each time: nothing cached from the previous run.
  const context = await browser.newContext({ locale: "it-IT", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Hydration marks <body data-hydrated>: note when.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body && document.body.hasAttribute("data-hydrated")) {
        performance.mark("legami:hydrated");
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });
  });
  const t0 = Date.now();
  await page.goto(base + path);
  const first = page.locator("#labs-map .leaflet-marker-icon").first();
  await first.waitFor({ state: "visible", timeout: 30_000 });
  const t1 = Date.now();
  markers = await page.locator("#labs-map .leaflet-marker-icon").count();
  // None of these may reject: only one of them happens.
  const quiet = (promise) => promise.then(() => true, () => false);
  // The map script marks each drawing of labs in the page's timeline.
  const draws = () => performance.getEntriesByName("legami-map:labs-drawn").length;
  const drawn = await page.evaluate(draws);
  const redrawn = quiet(page.waitForFunction(
    (n) => performance.getEntriesByName("legami-map:labs-drawn").length > n, drawn, { timeout: 30_000 }));
  const popup = quiet(page.locator(".leaflet-popup").waitFor({ state: "visible", timeout: 30_000 }));
  // The map moving: Leaflet marks its pane during a zoom animation (a jump
  // of more than 4 levels is not animated: then the new view is asked for).
  const moving = Promise.race([
    quiet(page.locator("#labs-map .leaflet-zoom-anim").waitFor({ state: "attached", timeout: 30_000 })),
    quiet(page.waitForRequest((r) => r.url().includes("/api/v1/labs.geojson"), { timeout: 30_000 })),
  ]);
  const t2 = Date.now();
  await first.click();
  // The first sign of an answer: a popup, or the map starting to zoom in.
  const t25 = await Promise.race([popup, moving]).then(() => Date.now());
  // A lab opens its popup; a group zooms in, loads that view and draws it.
  await Promise.race([popup, redrawn]);
  const t3 = Date.now();
  const timeline = await page.evaluate(() => {
    const out = {};
    const first = (name) => performance.getEntriesByName(name)[0];
    const nav = performance.getEntriesByType("navigation")[0];
    out.html = nav.responseEnd;
    out["dom-ready"] = nav.domContentLoadedEventStart;
    // The first of each mark: later ones are the click's.
    for (const m of performance.getEntriesByType("mark")) {
      const name = m.name.replace(/^legami(-map)?:/, "");
      if (out[name] === undefined) out[name] = first(m.name).startTime;
    }
    const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"));
    if (wasm) out["wasm-loaded"] = wasm.responseEnd;
    return out;
  });
  for (const p of PHASES) if (timeline[p] !== undefined) phases[p].push(Math.round(timeline[p]));
  shown.push(t1 - t0);
  reacted.push(t1 - t0 + (t25 - t2));
  answered.push(t1 - t0 + (t3 - t2));
  await context.close();
}
await browser.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `${path}: ${markers} markers drawn; navigation → markers: median ${median(shown)} ms, max ${Math.max(...shown)} ms; ` +
    `→ the click seen (popup open or zoom started): median ${median(reacted)} ms, max ${Math.max(...reacted)} ms; ` +
    `→ the click answered (popup, or the new view drawn): median ${median(answered)} ms, max ${Math.max(...answered)} ms (${runs} runs)`,
);
console.log(
  `  where the time goes (median ms after navigation start): ` +
    PHASES.filter((p) => phases[p].length).map((p) => `${p} ${median(phases[p])}`).join(", "),
);
