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
