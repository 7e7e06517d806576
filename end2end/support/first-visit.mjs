// Prints the path of every request a first visit to a page makes until it has hydrated
// (fresh browser, no cache, no service worker yet): what scripts/bench.sh weighs.
// Usage: node support/first-visit.mjs http://127.0.0.1:3300/register
import { chromium } from "@playwright/test";

const url = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const context = await browser.newContext({ serviceWorkers: "block" });
const page = await context.newPage();
const paths = [];
page.on("request", (r) => paths.push(new URL(r.url()).pathname));
await page.goto(url);
await page.locator("body[data-hydrated=true]").waitFor();
await page.waitForLoadState("networkidle");
await browser.close();
for (const p of [...new Set(paths)]) console.log(p);
