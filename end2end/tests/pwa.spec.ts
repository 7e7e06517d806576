import { test, expect, openHydrated, snap } from "./fixtures";
import { chromium } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

test.describe("installable app (PWA)", () => {
  test("Chromium reports no installability errors", async ({ errors }, info) => {
    // Installability is never granted in an incognito profile, which is what a default
    // Playwright context is: this test uses a real, persistent profile.
    const profile = mkdtempSync(join(tmpdir(), "moygaz-pwa-"));
    const context = await chromium.launchPersistentContext(profile, {
      ...info.project.use.launchOptions,
      baseURL: info.project.use.baseURL,
      viewport: info.project.use.viewport,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await openHydrated(page, "/register");
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await page.context().newCDPSession(page);
    // The manifest and the worker are fetched asynchronously: ask until Chromium settles.
    await expect
      .poll(async () => (await cdp.send("Page.getInstallabilityErrors")).installabilityErrors, { timeout: 15_000 })
      .toEqual([]);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data ?? "{}");
    expect(parsed.short_name).toBe("Мой ГАЗ");
    expect(parsed.icons.some((i: { purpose: string }) => i.purpose === "maskable")).toBe(true);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });

  test("an offline reload shows the offline page", async ({ page, context, errors }, info) => {
    await openHydrated(page, "/register");
    await page.evaluate(() => navigator.serviceWorker.ready);
    // The worker controls the page after it claims the clients.
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole("heading", { name: "Нет подключения к интернету" })).toBeVisible();
    await snap(page, "offline", info.project.name);
    await context.setOffline(false);
    errors.length = 0; // failed network requests while offline are expected
  });
});
