import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { hydrated, register, seriousViolations, signIn } from "./helpers";

test("a donor reads the profile, downloads the export, asks erasure; an admin carries it out, the total stays", async ({
  browser,
}) => {
  const email = `lucia.${Date.now()}@example.org`;
  const donor = await (await browser.newContext({ locale: "it-IT", acceptDownloads: true })).newPage();
  await donor.goto("/registrati");
  await expect(donor.getByRole("link", { name: "informativa sulla privacy", exact: true })).toBeVisible();
  await register(donor, "Lucia Donatrice", email, "una password lunga");

  // A gift by transfer, confirmed by staff: it gets a receipt, which the law keeps.
  await donor.goto("/campagne/banca-dell-acqua");
  await hydrated(donor);
  await donor.getByLabel("Altro importo (€)").first().check();
  await donor.getByRole("textbox", { name: "Altro importo (€)" }).fill("20,00");
  await donor.getByLabel("Nome e cognome").fill("Lucia Donatrice");
  await donor.getByLabel("Email (per la ricevuta)").fill(email);
  await donor.getByRole("button", { name: "Dona" }).click();
  const reference = (await donor.getByTestId("payment-reference").textContent())!.trim();

  const admin = await (await browser.newContext({ locale: "it-IT" })).newPage();
  await signIn(admin, "admin@legami.demo");
  await expect(admin.getByTestId("me-name")).toHaveText("Alessandra Admin");
  await admin.getByRole("link", { name: "Donazioni" }).click();
  await admin.getByLabel("Cerca per causale").fill(reference);
  await admin.getByRole("button", { name: "Cerca" }).click();
  await admin.getByRole("button", { name: `Conferma ricevuta ${reference}` }).click();
  await expect(admin.getByRole("cell", { name: /^\d{4}\/\d{6}$/ })).toBeVisible();

  // The profile: details, the gift with its receipt, the export.
  await donor.getByTestId("me-name").click();
  await expect(donor.getByRole("heading", { level: 1 })).toHaveText("Il mio profilo");
  await hydrated(donor);
  await expect(donor.getByLabel("Nome e cognome")).toHaveValue("Lucia Donatrice");
  const gifts = donor.getByRole("region", { name: "Le tue donazioni" });
  await expect(gifts.getByRole("row", { name: /Banca dell'acqua/ })).toContainText("20,00 €");
  await expect(gifts.getByRole("link", { name: /^\d{4}\/\d{6}$/ })).toBeVisible();
  await expect(donor.getByTestId("export-summary")).toContainText("Donazioni: 1");
  const [download] = await Promise.all([
    donor.waitForEvent("download"),
    donor.getByRole("link", { name: "Scarica i tuoi dati (JSON)" }).click(),
  ]);
  const data = JSON.parse(readFileSync((await download.path())!, "utf8"));
  expect(data.account.email).toBe(email);
  expect(data.gifts[0].payment_reference).toBe(reference);
  expect(await seriousViolations(donor)).toEqual([]);

  const erase = donor.getByRole("button", { name: "Chiedi la cancellazione" });
  await expect(erase).toBeDisabled();
  await donor.getByLabel("Ho capito: voglio cancellare il mio account").check();
  await erase.click();
  await expect(donor.getByTestId("erasure-requested")).toContainText("Un amministratore la completerà entro 30 giorni.");

  // The admin carries it out; the campaign's total does not move.
  await admin.goto("/campagne/banca-dell-acqua");
  await hydrated(admin);
  const raised = await admin.locator(".raised").first().textContent();
  await admin.goto("/admin/persone");
  await hydrated(admin);
  const queue = admin.getByRole("region", { name: "Richieste di cancellazione" });
  await expect(queue.getByRole("row", { name: /Lucia Donatrice/ })).toContainText("Ricevute: 1");
  expect(await seriousViolations(admin)).toEqual([]);
  await queue.getByRole("button", { name: "Esegui la cancellazione: Lucia Donatrice" }).click();
  await expect(queue.getByRole("row", { name: /Account cancellato/ }).first()).toContainText("Eseguita");
  await expect(admin.getByRole("rowheader", { name: "Lucia Donatrice" })).toHaveCount(0);
  await admin.goto("/campagne/banca-dell-acqua");
  await expect(admin.locator(".raised").first()).toHaveText(raised!);

  // The donor's session has ended.
  await donor.goto("/profilo");
  await expect(donor.getByText("Devi accedere per continuare.")).toBeVisible();
  await expect(donor.getByTestId("me-name")).toHaveCount(0);
});

test("the privacy notice is linked from the footer and names the controller", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("contentinfo").getByRole("link", { name: "Informativa sulla privacy" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Informativa sulla privacy");
  await expect(page.getByTestId("controller")).toContainText("Fondazione Comunitaria della Provincia di Cremona");
  await expect(page.getByRole("heading", { name: "I tuoi diritti" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("in production mode the giving form offers no simulated card", async ({ page }) => {
  const production = process.env.LEGAMI_E2E_PRODUCTION_URL;
  // The test command starts a production-mode server beside the other.
  expect(production, "LEGAMI_E2E_PRODUCTION_URL").toBeTruthy();
  await page.goto(`${production}/campagne/fondo-di-comunita`);
  await hydrated(page);
  await expect(page.getByLabel("Bonifico bancario")).toBeChecked();
  await expect(page.getByLabel("Carta di pagamento")).toHaveCount(0);
  const checkout = await page.request.get(`${production}/pagamento/prova/qualunque`);
  expect(checkout.status()).toBe(404);
});
