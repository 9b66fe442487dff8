import { chromium } from "@playwright/test";
const [base, path] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (let i = 0; i < 3; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.body && document.body.dataset.hydrated === "true" && !window.__hyd) { window.__hyd = performance.now(); }
      if (document.querySelector("#labs-map .leaflet-marker-icon") && !window.__mk) { window.__mk = performance.now(); }
      if (document.querySelector("#labs-map.leaflet-container") && !window.__map) { window.__map = performance.now(); }
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  const t0 = Date.now();
  await page.goto(base + path);
  const tGoto = Date.now();
  await page.locator("#labs-map .leaflet-marker-icon").first().waitFor({ state: "visible", timeout: 30000 });
  const t1 = Date.now();
  const entries = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const res = performance.getEntriesByType("resource").map((r) => `${r.name.replace(location.origin, "")} ${r.startTime.toFixed(0)}→${r.responseEnd.toFixed(0)} (${r.transferSize})`);
    return [`hydrated ${window.__hyd?.toFixed(0)} map ${window.__map?.toFixed(0)} marker ${window.__mk?.toFixed(0)}`, `doc ttfb ${nav.responseStart.toFixed(0)} end ${nav.responseEnd.toFixed(0)} dcl ${nav.domContentLoadedEventEnd.toFixed(0)} load ${nav.loadEventEnd.toFixed(0)}`, ...res];
  });
  console.log(`run ${i}: goto ${tGoto - t0} ms, markers ${t1 - t0} ms`);
  console.log(entries.join("\n"));
  await context.close();
}
await browser.close();
