import { expect, Page } from "@playwright/test";
import { readFileSync } from "node:fs";

export const DEMO_PASSWORD = process.env.LEGAMI_DEMO_PASSWORD ?? "";

/** Waits until the WASM has hydrated the page (the app marks <body>). */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated='true']")).toHaveCount(1, { timeout: 30_000 });
  await page.waitForLoadState("networkidle");
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/accedi");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Accedi" }).click();
}

const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe-core (WCAG 2.1 A and AA rules) and returns serious or critical violations. */
export async function seriousViolations(page: Page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    // @ts-ignore: injected above
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return (result.violations as Array<{ id: string; impact: string; nodes: unknown[] }>)
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
}

/**
 * Registers a new person as they would: the form, then the link from the
 * e-mail. With no SMTP server the messages are written to the server's log
 * (LEGAMI_E2E_MAIL_LOG, files separated by ":"), where this finds the link
 * sent to `email`.
 */
export async function register(page: Page, name: string, email: string, password: string) {
  await page.goto("/registrati");
  await hydrated(page);
  await page.getByLabel("Nome e cognome").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Registrati" }).click();
  await expect(page.getByTestId("register-sent")).toContainText("Controlla la tua email");
  const log = process.env.LEGAMI_E2E_MAIL_LOG ?? "";
  let link = "";
  await expect
    .poll(
      () => {
        // Every server's log: any of them may have delivered it.
        const text = log.split(":").map((file) => readFileSync(file, "utf8")).join("\n");
        const sent = text.lastIndexOf(email);
        const found = sent < 0 ? null : /\/registrati\/conferma\?token=[A-Za-z0-9_-]+/.exec(text.slice(sent));
        link = found ? found[0] : "";
        return link;
      },
      { timeout: 15_000, message: `the registration link sent to ${email} in ${log}` },
    )
    .not.toBe("");
  await page.goto(link);
  await hydrated(page);
  await page.getByRole("button", { name: "Attiva l'account" }).click();
  await expect(page.getByTestId("me-name")).toHaveText(name);
}
