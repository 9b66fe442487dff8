import { expect, Page, test } from "@playwright/test";
import { hydrated, seriousViolations, signIn } from "./helpers";

/** Waits for Leaflet to draw the 113 municipalities (no tile server here). */
async function mapReady(page: Page) {
  await hydrated(page);
  await expect(page.locator("#labs-map.leaflet-container")).toHaveCount(1);
  await expect.poll(() => page.locator("#labs-map path.leaflet-interactive, #labs-map svg path").count()).toBeGreaterThan(100);
}

test("staff place a lab on the map, find it on the map and in the list, then move it", async ({ page }) => {
  await signIn(page, "staff@legami.demo");
  await expect(page.getByTestId("me-name")).toHaveText("Stefano Operatore");
  await page.goto("/mappa");
  await mapReady(page);
  await expect(page.getByText("Staff: fai clic su un punto della mappa")).toBeVisible();

  // A click on the map offers a new lab at that point.
  await page.locator("#labs-map").click();
  await page.getByRole("link", { name: "Nuovo laboratorio qui" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nuovo laboratorio");
  await hydrated(page);
  await expect(page.getByLabel("Longitudine")).not.toHaveValue("");
  const name = `Orto condiviso ${Date.now()}`;
  await page.getByLabel("Nome del laboratorio").fill(name);
  await page.getByLabel("Tema").selectOption({ label: "Casa" });
  await page.getByRole("button", { name: "Crea il laboratorio" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  expect(await seriousViolations(page)).toEqual([]);

  // Edited from its page: a schedule added, then back on the lab's page.
  await page.getByRole("link", { name: "Modifica il laboratorio" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Modifica il laboratorio");
  await hydrated(page);
  await expect(page.getByLabel("Nome del laboratorio")).toHaveValue(name);
  await page.getByLabel("Quando si incontra").fill("Martedì 17-19");
  await page.getByRole("button", { name: "Salva le modifiche" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByText("Martedì 17-19")).toBeVisible();

  // On the map (zoomed in where it was placed) and in the list.
  await page.goto("/mappa?theme=housing");
  await mapReady(page);
  await expect(page.locator("#lab-list").getByRole("link", { name })).toBeVisible();
  for (let i = 0; i < 4; i++) {
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.waitForTimeout(400);
  }
  const marker = page.locator(`.leaflet-marker-icon[title="${name}"]`);
  await expect(marker).toBeVisible();
  const before = await page.locator("#lab-list").getByRole("row", { name: new RegExp(name) }).textContent();

  // Drag it far to the east: another municipality, after a confirmation.
  page.once("dialog", (d) => d.accept());
  const box = (await marker.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let dx = 20; dx <= 300; dx += 20) {
    await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2);
  }
  await page.mouse.up();
  await expect(page.locator("#map-status")).toContainText("Laboratorio spostato. Ora è nel comune di");
  const status = (await page.locator("#map-status").textContent())!;
  const place = status.replace("Laboratorio spostato. Ora è nel comune di", "").replace(/\.$/, "").trim();
  expect(before).not.toContain(place);
});

test("a guest filters by theme and the URL carries the filter", async ({ page }) => {
  await page.goto("/mappa");
  await mapReady(page);
  await expect(page.getByText("Staff: fai clic")).toHaveCount(0);
  await page.getByLabel("Tema").selectOption({ label: "Sostegno educativo" });
  await page.getByRole("button", { name: "Applica i filtri" }).click();
  await expect(page).toHaveURL(/theme=educational-support/);
  const list = page.locator("#lab-list");
  await expect(list.getByRole("link", { name: "Compiti insieme a Crema" })).toBeVisible();
  await expect(list.getByRole("link", { name: "Piazza del Comune: famiglie" })).toHaveCount(0);

  // The shared link opens the same view.
  await page.goto(page.url());
  await mapReady(page);
  await expect(page.getByLabel("Tema")).toHaveValue("educational-support");
  await expect(list.getByRole("link", { name: "Piazza del Comune: famiglie" })).toHaveCount(0);
});

test("markers are reachable with the keyboard and open with Enter", async ({ page }) => {
  // Opened on a comune, the map frames it; labs that would overlap come
  // grouped, and a group opens (zooms in) like a marker.
  const firstLabs = page.waitForRequest((r) => r.url().includes("/api/v1/labs.geojson"));
  await page.goto("/mappa?municipality=019035");
  await mapReady(page);
  // Framed from the start: the first labs asked for are Crema's, not the province's.
  const [west, south, east, north] = new URL((await firstLabs).url()).searchParams.get("bbox")!.split(",").map(Number);
  expect(east - west).toBeLessThan(0.5);
  expect(west).toBeLessThan(9.69);
  expect(east).toBeGreaterThan(9.69);
  expect(south).toBeLessThan(45.36);
  expect(north).toBeGreaterThan(45.36);
  const marker = page.locator('.leaflet-marker-icon[title="Compiti insieme a Crema"]');
  for (let i = 0; i < 5 && (await marker.count()) === 0; i++) {
    await page.locator(".leaflet-marker-icon.lab-group").first().click();
    await page.waitForTimeout(600);
  }
  await marker.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(".leaflet-popup").getByRole("link", { name: "Compiti insieme a Crema" })).toBeVisible();
});

test("whoever asks for less motion gets a map that does not animate its zoom", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/mappa");
  await mapReady(page);
  // Leaflet marks a marker that is hidden, not animated, while the map zooms.
  await expect(page.locator("#labs-map .leaflet-marker-icon").first()).toHaveClass(/leaflet-zoom-hide/);
  await page.emulateMedia({ reducedMotion: "no-preference" });
  await page.reload();
  await mapReady(page);
  await expect(page.locator("#labs-map .leaflet-marker-icon").first()).toHaveClass(/leaflet-zoom-animated/);
});

test("the map comes with a client-side navigation, follows the filters and the language", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("navigation", { name: "Navigazione principale" }).getByRole("link", { name: "Mappa", exact: true }).click();
  await expect(page).toHaveURL(/\/mappa$/);
  await expect(page.locator("#labs-map.leaflet-container")).toHaveCount(1);
  await expect.poll(() => page.locator("#labs-map svg path").count()).toBeGreaterThan(100);
  await expect(page.locator("#map-legend")).toContainText("Legenda");

  // A filter is a client-side navigation: the map follows it (its legend too).
  await page.getByLabel("Colora i comuni per").selectOption("labs");
  await page.getByRole("button", { name: "Applica i filtri" }).click();
  await expect(page).toHaveURL(/color=labs/);
  await expect(page.locator("#map-legend h2")).toHaveText("Legenda: Numero di laboratori");
  await expect(page.locator("#map-legend li")).not.toHaveCount(0);

  // Another language redraws the map in it, in the same place, once.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("#map-legend h2")).toHaveText("Legend: Number of labs");
  await expect(page.locator("#labs-map .leaflet-map-pane")).toHaveCount(1);
  await page.getByRole("button", { name: "Italiano" }).click();
  await expect(page.locator("#map-legend h2")).toHaveText("Legenda: Numero di laboratori");

  // Away and back: one map again, with its markers.
  await page.getByRole("navigation", { name: "Navigazione principale" }).getByRole("link", { name: "Campagne" }).click();
  await expect(page.locator("#labs-map")).toHaveCount(0);
  await page.goBack();
  await expect(page.locator("#labs-map .leaflet-map-pane")).toHaveCount(1);
  await expect(page.locator("#labs-map .leaflet-marker-icon").first()).toBeVisible();
});

for (const path of ["/mappa", "/mappa?theme=family-friendly&color=labs"]) {
  test(`axe-core finds no serious or critical violation on ${path}`, async ({ page }) => {
    await page.goto(path);
    await mapReady(page);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test("a lab's page shows its details without revealing an area-only lab's address", async ({ page }) => {
  await page.goto("/mappa");
  await hydrated(page);
  await page.locator("#lab-list").getByRole("link", { name: "Vicini di casa a Casalmaggiore" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vicini di casa a Casalmaggiore");
  await expect(page.getByText("Posizione indicativa: il punto esatto non è pubblico.")).toBeVisible();
  await expect(page.getByText("Casa di una volontaria")).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
});

test("an admin groups municipalities in a new district and imports a zone", async ({ page }) => {
  await signIn(page, "admin@legami.demo");
  await expect(page.getByTestId("me-name")).toBeVisible();
  await page.goto("/admin/mappa");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Temi, ambiti e quartieri");
  expect(await seriousViolations(page)).toEqual([]);

  const name = `Ambito prova ${Date.now()}`;
  await page.getByRole("button", { name: "Nuovo ambito" }).click();
  await page.getByLabel("Nome dell'ambito").fill(name);
  await page.getByLabel(/^Pizzighettone/).check();
  await page.getByRole("button", { name: "Salva", exact: true }).last().click();
  await expect(page.locator("#districts-title + ul strong", { hasText: name })).toBeVisible();

  // Not GeoJSON: refused with a message, nothing sent.
  await page.getByLabel("File GeoJSON dei quartieri").fill("non è un file");
  await page.getByRole("button", { name: "Importa i quartieri" }).click();
  await expect(page.locator(".field-error").last()).toBeVisible();

  const square = (lon: number, lat: number, d: number) => [[
    [lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d],
  ]];
  const zone = `Quartiere prova ${Date.now()}`;
  await page.getByLabel("File GeoJSON dei quartieri").fill(JSON.stringify({
    type: "FeatureCollection",
    features: [{ type: "Feature", properties: { nome: zone }, geometry: { type: "Polygon", coordinates: square(10.0227, 45.1335, 0.002) } }],
  }));
  await page.getByRole("button", { name: "Importa i quartieri" }).click();
  await expect(page.getByText("Quartieri importati: 1")).toBeVisible();
  await expect(page.getByText(zone)).toBeVisible();
});
