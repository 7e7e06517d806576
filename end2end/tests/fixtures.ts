import { test as base, expect, Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Every test fails on a console error or an uncaught page error (a CSP violation, a
 *  hydration panic, a 404 for an asset all show up here). */
export const test = base.extend<{ errors: string[] }>({
  errors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(msg.text());
    });
    page.on("pageerror", (err) => errors.push(String(err)));
    page.on("response", (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
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

/** A login nobody has used in this run. */
export function uniqueEmail(tag: string) {
  return `${tag}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@mail.ru`;
}

/** A mobile number nobody has used in this run, as the user would type it. */
export function uniquePhone() {
  const n = String(Math.floor(Math.random() * 1e9)).padStart(9, "0");
  return { typed: `8 (9${n.slice(0, 2)}) ${n.slice(2, 5)}-${n.slice(5, 7)}-${n.slice(7)}`, e164: `+79${n}` };
}

const STANDIN = "http://127.0.0.1:3199";

/** The newest message the SMTP server or the SMS stand-in received for `login`, once its
 *  text matches `pattern` (`html` is the e-mail's HTML part). */
export async function latestMessage(page: Page, login: string, pattern: RegExp): Promise<{ text: string; html: string }> {
  let message = { text: "", html: "" };
  await expect
    .poll(async () => {
      const res = await page.request.get(`${STANDIN}/inbox?to=${encodeURIComponent(login)}`);
      message = res.ok() ? await res.json() : { text: "", html: "" };
      return message.text;
    })
    .toMatch(pattern);
  return message;
}

/** The newest message for `login` and the 6-digit code in it. */
export async function latestCode(page: Page, login: string): Promise<{ text: string; html: string; code: string }> {
  const message = await latestMessage(page, login, /\d{6}/);
  return { ...message, code: message.text.match(/\d{6}/)![0] };
}

/** Fills in the registration form on the page shown and sends it. */
export async function fillRegistration(page: Page, login: string, password = "abc12") {
  await page.getByLabel("Логин (Телефон/Эл. почта)").fill(login);
  await page.getByLabel("Пароль", { exact: true }).fill(password);
  await page.getByLabel("Повторите пароль").fill(password);
  await page.getByRole("button", { name: /зарегистрироваться/i }).click();
}

export async function registerAndConfirm(page: Page, login: string, normalised: string, password = "abc12") {
  await openHydrated(page, "/register");
  await fillRegistration(page, login, password);
  await expect(page).toHaveURL(/\/confirm$/);
  const { code } = await latestCode(page, normalised);
  await page.getByLabel("Код подтверждения").fill(code);
  await page.getByRole("button", { name: "Подтвердить" }).click();
  await expect(page.getByText("Вы успешно зарегистрированы в Системе. Для Вас создан Личный кабинет!")).toBeVisible();
}

/** Reads and signs the personal-data consent; the cabinet opens. */
export async function signConsent(page: Page) {
  await openHydrated(page, "/consent");
  await page.getByLabel(/даю согласие/).check();
  await page.getByRole("button", { name: "Подписать согласие" }).click();
  await expect(page).toHaveURL(/\/cabinet$/);
}

/** A fresh customer, registered by e-mail, consent signed, in the cabinet. */
export async function newCustomer(page: Page, tag: string) {
  const email = uniqueEmail(tag);
  await registerAndConfirm(page, email, email, "abc12");
  await signConsent(page);
  return email;
}

/** Binds an account from the cabinet's first-account form (or /accounts/bind) and closes
 *  the control question that opens after it, keeping basic access. */
export async function bindAccount(page: Page, provider: RegExp, number: string) {
  // The script's way, with the dialog: a submit before hydration would go the no-script way.
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("radio", { name: provider }).check();
  await page.getByLabel("Номер лицевого счёта").fill(number);
  await page.getByRole("button", { name: "Подключить лицевой счёт" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Подключить расширенную версию позже" }).click();
}

/** Billing's next export: re-imports the seed account with its debt, as the provider's
 *  billing would send it, so every other test finds the seed's 1 234,56 ₽ again. */
export function reimportSeedAccount() {
  const csv = join(mkdtempSync(join(tmpdir(), "moygaz-e2e-")), "accounts.csv");
  writeFileSync(
    csv,
    "provider,account,owner,address,debt_kopecks,last_charge_kopecks\n" +
      'demo,023-185952,Иванов Иван Иванович,"г. Москва, ул. Ленина, д. 5, кв. 12",123456,123456\n',
  );
  execFileSync("target/release/moygaz", ["import", "accounts", csv], {
    cwd: "..",
    env: { ...process.env, MOYGAZ_DATABASE__URL: process.env.MOYGAZ_E2E_DATABASE_URL ?? "sqlite://target/e2e/moygaz.db?mode=rwc" },
    stdio: "pipe",
  });
}

