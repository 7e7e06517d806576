import { test as base, expect, Page } from "@playwright/test";

/** Every test fails on a console error or an uncaught page error (a CSP violation, a
 *  hydration panic, a 404 for an asset all show up here). */
export const test = base.extend<{ errors: string[] }>({
  errors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(msg.text());
    });
    page.on("pageerror", (err) => errors.push(String(err)));
    await use(errors);
    expect(errors, "console errors").toEqual([]);
  },
});

export { expect };

/** Opens a page and waits until the WASM has hydrated it: before that, clicks land on
 *  inert server-rendered markup. */
export async function openHydrated(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** A screenshot for people to look at (not compared): end2end/screenshots/. */
export async function snap(page: Page, name: string, project: string) {
  await page.screenshot({ path: `screenshots/${name}-${project}.png`, fullPage: true });
}
