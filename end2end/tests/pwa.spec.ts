import { test, expect, openHydrated, snap } from "./fixtures";

test.describe("installable app (PWA)", () => {
  test("Chromium reports no installability errors", async ({ page, errors }) => {
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
