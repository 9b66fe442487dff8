import { expect, test } from "@playwright/test";
import { hydrated, seriousViolations, signIn } from "./helpers";

test("home page renders in Italian with the three areas", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Legami: comunità che si prendono cura");
  const nav = page.getByRole("navigation", { name: "Navigazione principale" });
  for (const name of ["Mappa", "Campagne", "Bandi"]) {
    await expect(nav.getByRole("link", { name })).toBeVisible();
  }
  await expect(page.getByText("113", { exact: true })).toBeVisible();
  await expect(page.getByText(/Confini comunali: © ISTAT/).first()).toBeVisible();
});

test("switching to English changes the page without a reload", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.evaluate(() => ((window as any).__noReload = true));
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Legami: communities that care");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Map", exact: true })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
  // The choice is kept by the server: a fresh load is still in English.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Legami: communities that care");
  await hydrated(page);
  await page.getByRole("button", { name: "Italiano" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Legami: comunità che si prendono cura");
});

test("client-side navigation keeps the page (hydration works)", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.evaluate(() => ((window as any).__noReload = true));
  await page.getByRole("link", { name: "Mappa", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mappa dei comuni e dei laboratori");
  await expect(page.getByRole("heading", { name: "Elenco dei laboratori" })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
});

test("the sign-in form explains mistakes before sending", async ({ page }) => {
  await page.goto("/accedi");
  await hydrated(page);
  await page.getByLabel("Email").fill("non-una-email");
  await page.getByRole("button", { name: "Accedi" }).click();
  await expect(page.getByText("Inserisci un indirizzo email valido", { exact: false })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Campo obbligatorio.")).toBeVisible();
});

test("a wrong password gets a clear message", async ({ page }) => {
  await signIn(page, "staff@legami.demo", "password sbagliata");
  await expect(page.getByRole("alert")).toHaveText("Email o password non corretti.");
});

test("demo staff signs in and out", async ({ page }) => {
  await signIn(page, "staff@legami.demo");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("me-name")).toHaveText("Stefano Operatore");
  await expect(page.getByRole("link", { name: "Persone" })).toHaveCount(0);
  await page.getByRole("button", { name: "Esci" }).click();
  await expect(page.getByRole("link", { name: "Accedi" })).toBeVisible();
});

test("an admin sees people and their roles", async ({ page }) => {
  await signIn(page, "admin@legami.demo");
  await expect(page.getByTestId("me-name")).toHaveText("Alessandra Admin");
  await page.getByRole("link", { name: "Persone" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Persone e ruoli");
  await expect(page.getByRole("rowheader", { name: "Rita Residente" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Assegna Operatore/trice: Rita Residente" })).toBeVisible();
});

test("unknown pages are a translated 404", async ({ page }) => {
  const response = await page.goto("/non-esiste");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pagina non trovata");
});

for (const path of ["/", "/accedi", "/registrati"]) {
  test(`axe-core finds no serious or critical violation on ${path}`, async ({ page }) => {
    await page.goto(path);
    await hydrated(page);
    expect(await seriousViolations(page)).toEqual([]);
  });
}
