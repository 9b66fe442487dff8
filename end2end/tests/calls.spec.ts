import { expect, Page, test } from "@playwright/test";
import { hydrated, register, seriousViolations, signIn } from "./helpers";

const CALL = "Idee in comune 2026";
const IDEA = `Bottega del riuso ${Date.now()}`;

async function state(page: Page) {
  return page.getByTestId("state").locator(".state-label");
}

test("a resident applies, staff screen, an evaluator scores, staff approve, the resident reads the letter", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  // A new resident: the demo resident already has an application to this call.
  const resident = await (await browser.newContext({ locale: "it-IT" })).newPage();
  const email = `idea-${Date.now()}@example.org`;
  await register(resident, "Irene Ideatrice", email, "una-password-lunga-123");

  await resident.goto("/bandi");
  await resident.getByRole("link", { name: CALL }).click();
  await expect(resident.getByRole("heading", { level: 1 })).toHaveText(CALL);
  await hydrated(resident);
  const callUrl = resident.url();

  // A wrong answer is explained before anything is written.
  const lives = resident.getByRole("group", { name: "Vivi o lavori in provincia di Cremona?" });
  const before = resident.getByRole("group", { name: "Hai già ricevuto un contributo da questo bando?" });
  await lives.getByLabel("No").check();
  await before.getByLabel("No").check();
  await resident.getByRole("button", { name: "Verifica e inizia la domanda" }).click();
  await expect(lives.getByText("Il bando è riservato a chi vive o lavora in provincia di Cremona.")).toBeVisible();
  await expect(resident).toHaveURL(callUrl);

  await lives.getByLabel("Sì").check();
  await resident.getByRole("button", { name: "Verifica e inizia la domanda" }).click();
  await expect(resident).toHaveURL(/\/bandi\/domande\/\d+$/);
  const applicationUrl = resident.url();
  await hydrated(resident);

  // The draft saves itself; a reload finds the text.
  await resident.getByLabel("Titolo dell'idea").fill(IDEA);
  await resident.getByLabel("In breve").fill("Un negozio dove riparare e scambiare oggetti.");
  await resident.getByLabel("Il problema e chi ne ha bisogno").fill("Famiglie che non possono comprare il nuovo.");
  await resident.getByLabel("La squadra").fill("Due artigiane e un volontario.");
  await resident.getByLabel("Il beneficio per la comunità").fill("Meno rifiuti, più incontri.");
  await resident.getByRole("button", { name: "Aggiungi una voce" }).click();
  await resident.getByLabel("Voce di spesa").fill("Attrezzi");
  await resident.getByLabel("Importo", { exact: true }).fill("2.500,00");
  await expect(resident.getByTestId("budget-total")).toHaveText("2.500,00 €");
  await resident.getByLabel("Contributo richiesto").fill("2.000");
  await expect(resident.getByTestId("save-status")).toContainText("Bozza salvata alle", { timeout: 20_000 });
  expect(await seriousViolations(resident)).toEqual([]);

  await resident.reload();
  await hydrated(resident);
  await expect(resident.getByLabel("Titolo dell'idea")).toHaveValue(IDEA);
  await expect(resident.getByLabel("Importo", { exact: true })).toHaveValue("2.500,00");

  // Submitting needs consent: the form says so, then sends.
  await resident.getByRole("button", { name: "Invia la domanda" }).click();
  await expect(resident.getByText("Per inviare la domanda devi acconsentire").first()).toBeVisible();
  await resident.getByLabel(/Acconsento al trattamento/).check();
  await resident.getByRole("button", { name: "Invia la domanda" }).click();
  await expect(await state(resident)).toHaveText("Inviata: stiamo controllando che abbia i requisiti");

  // Staff screen it and start the review.
  const staff = await (await browser.newContext({ locale: "it-IT" })).newPage();
  await signIn(staff, "staff@legami.demo");
  await expect(staff.getByTestId("me-name")).toHaveText("Stefano Operatore");
  await staff.goto(applicationUrl);
  await hydrated(staff);
  await expect(await state(staff)).toHaveText("Inviata");
  await staff.getByRole("button", { name: "Segna come ammissibile" }).click();
  await expect(await state(staff)).toHaveText("Ammissibile");
  await staff.getByRole("button", { name: "Avvia la valutazione" }).click();
  await expect(await state(staff)).toHaveText("In valutazione");

  // The evaluator declares no conflict, then scores.
  const evaluator = await (await browser.newContext({ locale: "it-IT" })).newPage();
  await signIn(evaluator, "valutatore@legami.demo");
  await expect(evaluator.getByTestId("me-name")).toHaveText("Vera Valutatrice");
  await evaluator.goto(applicationUrl);
  await hydrated(evaluator);
  await expect(evaluator.getByRole("heading", { level: 1 })).toHaveText("Conflitto di interessi");
  await expect(evaluator.getByText("Irene Ideatrice")).toBeVisible();
  await evaluator.getByLabel("No, nessun conflitto").check();
  await evaluator.getByRole("button", { name: "Invia la dichiarazione" }).click();
  await expect(evaluator.getByRole("heading", { name: "La tua valutazione" })).toBeVisible();
  expect(await seriousViolations(evaluator)).toEqual([]);
  await evaluator.locator("#f-score-0").selectOption("5");
  await evaluator.locator("#f-score-1").selectOption("4");
  await evaluator.locator("#f-score-2").selectOption("abstain");
  await evaluator.getByRole("button", { name: "Invia la valutazione" }).click();
  await expect(evaluator.getByTestId("reviews")).toContainText("Vera Valutatrice");
  // 5 × 40 + 4 × 35 over 75: the abstained criterion does not count.
  await expect(evaluator.getByTestId("reviews")).toContainText("4,5");

  // Staff read the ranking, then approve.
  await staff.goto(`${callUrl}/graduatoria`);
  await hydrated(staff);
  await expect(staff.getByTestId("ranking")).toContainText(IDEA);
  expect(await seriousViolations(staff)).toEqual([]);
  await staff.goto(applicationUrl);
  await hydrated(staff);
  await staff.getByLabel("Approva", { exact: true }).check();
  await staff.getByLabel("Motivazione o condizioni").fill("Un'idea concreta e utile al quartiere.");
  await staff.getByRole("button", { name: "Registra la decisione e invia la lettera" }).click();
  await expect(await state(staff)).toHaveText("Approvata");

  // The approved idea is followed: staff plan a milestone.
  await staff.getByText("Aggiungi una tappa").first().click();
  await staff.getByLabel("Tappa", { exact: true }).fill("Apertura della bottega");
  await staff.getByLabel("Scadenza").first().fill("2027-03-31");
  await staff.locator("form button[type=submit]", { hasText: "Aggiungi una tappa" }).click();
  await expect(staff.getByTestId("milestones")).toContainText("Apertura della bottega");

  // The call's page for staff: its panel of evaluators and the applications.
  await staff.goto(callUrl);
  await hydrated(staff);
  await expect(staff.getByRole("heading", { name: "Valutatori del bando" })).toBeVisible();
  await expect(staff.getByLabel(/Vera Valutatrice/)).toBeChecked();
  expect(await seriousViolations(staff)).toEqual([]);

  // The resident reads the outcome in plain words, and the letter.
  await resident.reload();
  await hydrated(resident);
  await expect(await state(resident)).toHaveText("La tua idea è stata scelta!");
  await expect(resident.getByTestId("letter")).toContainText(IDEA);
  await expect(resident.getByTestId("letter")).toContainText("2.000,00 €");
  await expect(resident.getByTestId("timeline")).toContainText("Il comitato sta leggendo la tua idea");
  await expect(resident.getByTestId("milestones")).toContainText("Apertura della bottega");
  expect(await seriousViolations(resident)).toEqual([]);
});
