import { defineConfig, devices } from "@playwright/test";

// The portal under test: the release build, on a port of its own, with a fresh SQLite file
// (scripts/test.sh removes it before each run) and demo data loaded.
const PORT = Number(process.env.MOYGAZ_E2E_PORT ?? 3100);
const BASE = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: BASE,
    locale: "ru-RU",
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "mobile", use: { ...devices["Pixel 7"], viewport: { width: 390, height: 844 }, browserName: "chromium" } },
    { name: "desktop", use: { viewport: { width: 1280, height: 800 }, browserName: "chromium" } },
  ],
  webServer: {
    command: "target/release/moygaz serve",
    cwd: "..",
    url: `${BASE}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      MOYGAZ_SITE__ADDR: `127.0.0.1:${PORT}`,
      MOYGAZ_SITE__PUBLIC_URL: BASE,
      MOYGAZ_DATABASE__URL: process.env.MOYGAZ_E2E_DATABASE_URL ?? "sqlite://target/e2e/moygaz.db?mode=rwc",
      LEPTOS_SITE_ROOT: "target/site",
      // Codes are read from the development outbox (no SMTP or SMS gateway in this run).
      MOYGAZ_SITE__DEV_OUTBOX: "true",
      // Every test registers from 127.0.0.1.
      MOYGAZ_SECURITY__CODES_PER_IP_PER_HOUR: "1000",
      RUST_LOG: "warn",
    },
  },
});
