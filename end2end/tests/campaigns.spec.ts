import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { hydrated, seriousViolations, signIn } from "./helpers";

test("a guest gives by bank transfer, staff confirm it, the total moves", async ({ browser }) => {
  const guest = await (await browser.newContext({ locale: "it-IT" })).newPage();
  await guest.goto("/campagne");
  await guest.getByRole("link", { name: "Banca dell'acqua" }).click();
  await expect(guest.getByRole("heading", { level: 1 })).toHaveText("Banca dell'acqua");
  await hydrated(guest);
  const raisedBefore = await guest.locator(".raised").first().textContent();

  await guest.getByLabel("Altro importo (€)").first().check();
  await guest.getByRole("textbox", { name: "Altro importo (€)" }).fill("12,50");
  await guest.getByLabel("Nome e cognome").fill("Giulia Anonima");
  await guest.getByLabel("Email (per la ricevuta)").fill("giulia@example.org");
  await guest.getByLabel("Non mostrare il mio nome").check();
  await guest.getByLabel("Messaggio").fill("<b>Forza!</b>");
  await guest.getByRole("button", { name: "Dona" }).click();
  await expect(guest.getByText("Grazie per la tua donazione!")).toBeVisible();
  const reference = (await guest.getByTestId("payment-reference").textContent())!.trim();
  expect(reference).toMatch(/^LGM-[A-Z2-9]{8}$/);

  const staff = await (await browser.newContext({ locale: "it-IT" })).newPage();
  await signIn(staff, "staff@legami.demo");
  await expect(staff.getByTestId("me-name")).toHaveText("Stefano Operatore");
  await staff.getByRole("link", { name: "Donazioni" }).click();
  await staff.getByLabel("Cerca per causale").fill(reference);
  await staff.getByRole("button", { name: "Cerca" }).click();
  await expect(staff.getByRole("row")).toHaveCount(2);
  await staff.getByRole("button", { name: `Conferma ricevuta ${reference}` }).click();
  await expect(staff.getByRole("cell", { name: "ricevuta", exact: true })).toBeVisible();
  await expect(staff.getByRole("cell", { name: /^\d{4}\/\d{6}$/ })).toBeVisible();
  expect(await seriousViolations(staff)).toEqual([]);

  // The receipt opens as a printable page and downloads as a PDF.
  const [receipt] = await Promise.all([
    staff.context().waitForEvent("page"),
    staff.getByRole("link", { name: /^\d{4}\/\d{6}$/ }).click(),
  ]);
  await expect(receipt.getByRole("heading", { level: 1 })).toHaveText(/^Ricevuta n\. \d{4}\/\d{6}$/);
  await expect(receipt.getByText("la somma di 12,50 €")).toBeVisible();
  const [download] = await Promise.all([
    receipt.waitForEvent("download"),
    receipt.getByRole("link", { name: "Scarica la ricevuta in PDF" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^ricevuta-\d{4}-\d{6}\.pdf$/);
  const file = await download.path();
  expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
  await receipt.close();

  await guest.reload();
  await expect(guest.locator(".raised").first()).not.toHaveText(raisedBefore!);
  const wall = guest.getByTestId("wall");
  await expect(wall).toContainText("Anonimo");
  await expect(wall).not.toContainText("Giulia");
  await expect(wall).toContainText("<b>Forza!</b>"); // shown as text, never as HTML
});

test("the giving form explains mistakes before sending", async ({ page }) => {
  await page.goto("/campagne/banca-dell-acqua");
  await hydrated(page);
  await page.getByLabel("Altro importo (€)").first().check();
  await page.getByRole("textbox", { name: "Altro importo (€)" }).fill("0,50");
  await page.getByLabel("Codice fiscale").fill("RSSMRA85T10A562X");
  await page.getByRole("button", { name: "Dona" }).click();
  await expect(page.getByText("L'importo minimo è 1 €.")).toBeVisible();
  await expect(page.getByText("Codice fiscale non valido", { exact: false })).toBeVisible();
});

test("a card gift goes through the provider's checkout and is received", async ({ page }) => {
  await page.goto("/campagne/fondo-di-comunita");
  await hydrated(page);
  await page.getByLabel("Nome e cognome").fill("Paolo Verdi");
  await page.getByLabel("Email (per la ricevuta)").fill("paolo@example.org");
  await page.getByLabel("Carta di pagamento").check();
  await page.getByRole("button", { name: "Dona" }).click();
  await page.getByRole("link", { name: "Continua sulla pagina di pagamento sicura" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pagamento con carta (ambiente di prova)");
  await page.getByRole("button", { name: /Paga 25,00 €/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fondo di comunità");
  await expect(page.getByTestId("wall")).toContainText("Paolo Verdi");
});

for (const path of ["/campagne", "/campagne/banca-dell-acqua"]) {
  test(`axe-core finds no serious or critical violation on ${path}`, async ({ page }) => {
    await page.goto(path);
    await hydrated(page);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test("staff create and publish a campaign, then record a cash gift", async ({ page }) => {
  await signIn(page, "staff@legami.demo");
  await expect(page.getByTestId("me-name")).toHaveText("Stefano Operatore");
  await page.getByRole("link", { name: "Gestione campagne" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gestione delle campagne");
  await hydrated(page);
  await page.getByLabel("Titolo").fill("Laboratorio di Casalmaggiore");
  await page.getByLabel("Obiettivo (€)").fill("2.500");
  await page.getByLabel("Inizio").fill("2026-01-01");
  await page.getByLabel("Fine").fill("2026-12-31");
  await page.getByRole("button", { name: "Crea come bozza" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Laboratorio di Casalmaggiore");
  await expect(page.getByText("Stato: bozza")).toBeVisible();
  await page.getByRole("button", { name: "Pubblica" }).click();
  await expect(page.getByText("Stato: pubblicata")).toBeVisible();

  const offline = page.getByRole("region", { name: "Registra una donazione ricevuta a mano" });
  await offline.getByLabel("Importo").fill("20");
  await offline.getByLabel("Nome e cognome").fill("Signora Rosa");
  await offline.getByRole("button", { name: "Registra e rilascia la ricevuta" }).click();
  await expect(offline.getByRole("status")).toContainText(/Ricevuta n\. \d{4}\/\d{6}/);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole("link", { name: "Vedi la pagina pubblica" }).click();
  await expect(page.locator(".raised").first()).toHaveText("20,00 €");
});

test("staff import a bank statement: preview first, then confirm", async ({ browser }) => {
  const guest = await (await browser.newContext({ locale: "it-IT" })).newPage();
  await guest.goto("/campagne/banca-dell-acqua");
  await hydrated(guest);
  await guest.getByLabel("50,00 €").check();
  await guest.getByLabel("Nome e cognome").fill("Carlo Neri");
  await guest.getByLabel("Email (per la ricevuta)").fill("carlo@example.org");
  await guest.getByRole("button", { name: "Dona" }).click();
  const reference = (await guest.getByTestId("payment-reference").textContent())!.trim();

  const staff = await (await browser.newContext({ locale: "it-IT" })).newPage();
  await signIn(staff, "staff@legami.demo");
  await expect(staff.getByTestId("me-name")).toHaveText("Stefano Operatore");
  await staff.getByRole("link", { name: "Donazioni" }).click();
  await hydrated(staff);
  await staff.getByLabel("Contenuto CSV").fill(`Data;Importo;Causale\n25/11/2026;50,00;Bonifico ${reference}\n25/11/2026;7,00;offerta\n`);
  await staff.getByRole("button", { name: "Anteprima" }).click();
  const preview = staff.getByTestId("statement-preview");
  await expect(preview).toContainText("Corrisponde alla donazione di Carlo Neri");
  await expect(preview).toContainText("Nessuna causale Legami");
  await staff.getByRole("button", { name: /Conferma le donazioni selezionate \(1\)/ }).click();
  await expect(staff.getByRole("status")).toContainText("Donazioni confermate: 1");
});

test("staff read the funder report for a period", async ({ page }) => {
  await signIn(page, "staff@legami.demo");
  await expect(page.getByTestId("me-name")).toHaveText("Stefano Operatore");
  await page.getByRole("link", { name: "Rendiconto" }).click();
  await hydrated(page);
  const year = new Date().getFullYear();
  await page.getByLabel("Dal", { exact: true }).fill(`${year}-01-01`);
  await page.getByLabel("Al", { exact: true }).fill(`${year}-12-31`);
  await page.getByRole("button", { name: "Mostra" }).click();
  await expect(page.getByRole("heading", { name: "Entrate per provenienza" })).toBeVisible();
  await expect(page.getByTestId("report-income")).toContainText("Totale");
  expect(await seriousViolations(page)).toEqual([]);
});

test("staff record an expense with its document, the public sees the spending", async ({ page }) => {
  await signIn(page, "staff@legami.demo");
  await expect(page.getByTestId("me-name")).toHaveText("Stefano Operatore");
  await page.goto("/staff/campagne/banca-dell-acqua");
  await hydrated(page);
  const form = page.getByRole("region", { name: "Registra una spesa" });
  await form.getByLabel("Importo").fill("80,00");
  await form.getByLabel("Data della spesa").fill("2026-11-20");
  await form.getByLabel("Fornitore").fill("Padania Acque");
  await form.getByLabel("Documento").setInputFiles({ name: "virus.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ not a pdf") });
  await form.getByRole("button", { name: "Registra la spesa" }).click();
  await expect(form.getByRole("alert")).toContainText("Il file deve essere un PDF, un JPEG o un PNG.");
  await form.getByLabel("Documento").setInputFiles({ name: "bolletta.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n%%EOF\n") });
  await form.getByRole("button", { name: "Registra la spesa" }).click();
  await expect(form.getByRole("status")).toHaveText("Spesa registrata.");
  await page.goto("/campagne/banca-dell-acqua");
  await expect(page.getByTestId("expenses")).toContainText("Padania Acque");
});

test("an admin corrects the organisation's IBAN with a clear error first", async ({ page }) => {
  await signIn(page, "admin@legami.demo");
  await expect(page.getByTestId("me-name")).toBeVisible();
  await page.getByRole("link", { name: "Impostazioni" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Impostazioni dell'organizzazione");
  const iban = page.getByLabel("IBAN per i bonifici");
  await expect(iban).toHaveValue("IT60 X054 2811 1010 0000 0123 456");
  expect(await seriousViolations(page)).toEqual([]);

  await iban.fill("IT61 X054 2811 1010 0000 0123 456");
  await page.getByRole("button", { name: "Salva" }).click();
  await expect(page.getByText("L'IBAN non è valido: controlla le cifre.")).toBeVisible();
  await expect(iban).toHaveAttribute("aria-invalid", "true");

  await iban.fill("IT60 X054 2811 1010 0000 0123 456");
  await page.getByLabel("Banca (facoltativo)").fill("Banca Cremasca");
  await page.getByRole("button", { name: "Salva" }).click();
  await expect(page.getByText("Salvato.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Banca (facoltativo)")).toHaveValue("Banca Cremasca");
});
