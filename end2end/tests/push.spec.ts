import { test, expect, newCustomer } from "./fixtures";

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

// `pushsubscriptionchange`: the push service replaced the browser's subscription; the
// service worker hands the new one to the portal, naming the old one it replaces, with the
// customer's session (a signed-out browser is refused). Chromium fires no such event of its
// own, so the test dispatches one the way a browser would deliver it.
test("the service worker hands a changed push subscription to the portal", async ({ browser }, info) => {
  test.skip(info.project.name !== "desktop", "one service worker is enough");
  const context = await browser.newContext({ baseURL: info.project.use.baseURL });
  const page = await context.newPage();
  await newCustomer(page, "resubscribe");
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  const change = () =>
    worker.evaluate(async () => {
      const event: any = new Event("pushsubscriptionchange");
      let handled: Promise<Response> | undefined;
      Object.defineProperties(event, {
        waitUntil: { value: (p: Promise<Response>) => (handled = p) },
        oldSubscription: { value: { endpoint: "https://push.example.org/old" } },
        newSubscription: {
          value: {
            toJSON: () => ({
              endpoint: "https://push.example.org/new",
              keys: {
                p256dh: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
                auth: "BTBZMqHH6r4Tts7J_aSIgg",
              },
            }),
          },
        },
      });
      self.dispatchEvent(event);
      return (await handled!).status;
    });
  expect(await change()).toBe(200);

  await page.getByRole("button", { name: "Выйти" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await change()).toBe(401);
  await context.close();
});
