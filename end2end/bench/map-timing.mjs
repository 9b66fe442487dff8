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
const shown = [];
const reacted = [];
const answered = [];
let markers = 0;
for (let i = 0; i < runs; i++) {
  // A new context each time: nothing cached from the previous run.
  const context = await browser.newContext({ locale: "it-IT", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(base + path);
  const first = page.locator("#labs-map .leaflet-marker-icon").first();
  await first.waitFor({ state: "visible", timeout: 30_000 });
  const t1 = Date.now();
  markers = await page.locator("#labs-map .leaflet-marker-icon").count();
  // None of these may reject: only one of them happens.
  const quiet = (promise) => promise.then(() => true, () => false);
  const reloaded = quiet(page.waitForResponse((r) => r.url().includes("/api/v1/labs.geojson"), { timeout: 30_000 }));
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
  await Promise.race([
    popup,
    reloaded.then(() => quiet(page.locator("#labs-map .leaflet-marker-icon").first().waitFor({ state: "visible" }))),
  ]);
  const t3 = Date.now();
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
