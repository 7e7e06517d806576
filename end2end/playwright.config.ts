import { defineConfig, devices } from "@playwright/test";

// The portal under test: the release build, on a port of its own, with a fresh SQLite file
// (scripts/test.sh removes it before each run) and demo data loaded.
const PORT = Number(process.env.MOYGAZ_E2E_PORT ?? 3100);
const BASE = `http://127.0.0.1:${PORT}`;
// The SMTP server and SMS.ru stand-in (support/standins.mjs) the portal delivers to.
export const STANDIN = "http://127.0.0.1:3199";

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
  webServer: [
  {
    command: "node support/standins.mjs",
    url: `${STANDIN}/healthz`,
    reuseExistingServer: false,
    timeout: 20_000,
    env: { STANDIN_SMTP_PORT: "2525", STANDIN_HTTP_PORT: "3199" },
  },
  {
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
      // Real delivery, to the stand-ins: codes are read from what they received.
      MOYGAZ_MAIL__SMTP_URL: "smtp://127.0.0.1:2525",
      MOYGAZ_SMS__GATEWAY_URL: STANDIN,
      MOYGAZ_SMS__API_ID: "e2e-api-id",
      // Every test registers from 127.0.0.1.
      MOYGAZ_SECURITY__CODES_PER_IP_PER_HOUR: "1000",
      MOYGAZ_SECURITY__QUESTIONS_PER_IP_PER_HOUR: "1000",
      // The clock stands in the readings window: reminders would interleave with the codes
      // the tests read from the outbox (the scheduler has its own tests in server/tests).
      MOYGAZ_NOTIFICATIONS__SCHEDULER_EVERY_SECS: "0",
      // 17 November 2026, 09:00 Moscow time: inside the demo provider's readings window
      // (15th–25th) and outside Волгагаз-Расчёт's (20th–26th), whatever today's date is.
      MOYGAZ_SITE__CLOCK_START_UNIX: "1794895200",
      RUST_LOG: "warn",
    },
  },
  ],
});
