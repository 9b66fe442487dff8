import { defineConfig } from "@playwright/test";

// Debian's chromium, never a downloaded browser (there is no download here).
// The flags keep it from calling home, which the closed network refuses.
export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.LEGAMI_E2E_URL ?? "http://127.0.0.1:3000",
    locale: "it-IT",
    // A failed test leaves a screenshot in test-results/ to look at.
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
});
