import { test, expect } from "./fixtures";

// The service worker's Web Push handlers in Chromium. No push service is reachable from the
// test machine, so Chrome's DevTools protocol delivers the push (a trusted push event, as
// a push service's message would be); the tap is the handler the click calls.
test("the service worker shows a push with the portal's icon and opens its page", async ({ browser }, info) => {
  test.skip(info.project.name !== "desktop", "one service worker is enough");
  const context = await browser.newContext({ permissions: ["notifications"], baseURL: info.project.use.baseURL });
  const page = await context.newPage();
  await page.goto("/login");
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  const cdp = await context.newCDPSession(page);
  const registration = new Promise<string>((resolve) =>
    cdp.on("ServiceWorker.workerRegistrationUpdated", (e: { registrations: { registrationId: string; scopeURL: string; isDeleted?: boolean }[] }) => {
      const ours = e.registrations.find((r) => !r.isDeleted && r.scopeURL.endsWith("/"));
      if (ours) resolve(ours.registrationId);
    }),
  );
  await cdp.send("ServiceWorker.enable");
  const origin = new URL(page.url()).origin;
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin,
    registrationId: await registration,
    data: JSON.stringify({ title: "Передайте показания до 25 декабря", body: "По лицевому счёту 23185952", url: "/support" }),
  });

  const shown = () =>
    worker.evaluate(async () =>
      (await (self as any).registration.getNotifications()).map((n: any) => ({ title: n.title, body: n.body, icon: n.icon, url: n.data.url })),
    );
  await expect.poll(shown).toEqual([
    { title: "Передайте показания до 25 декабря", body: "По лицевому счёту 23185952", icon: `${origin}/icons/icon-192.png`, url: "/support" },
  ]);

  // A tap: the open window of the portal goes to the notification's page.
  await worker.evaluate(async () => {
    const [notification] = await (self as any).registration.getNotifications();
    await (self as any).openFromNotification(notification);
  });
  await expect(page).toHaveURL(/\/support$/);
  expect(await shown()).toEqual([]);
  await context.close();
});
