import { Page } from "@playwright/test";
import { test, expect, snap, uniqueEmail, latestCode, reimportSeedAccount, newCustomer, bindAccount, fillRegistration } from "./fixtures";

// The seed journey three ways (issue 20): with script, page to page without a page load;
// with JavaScript off, every form a plain HTML post; with the WASM blocked, the page's own
// script (public/page.js) still moves between pages in place and the forms post as HTML.
// Every step is a click, never a typed address.

type Mode = "script" | "no-script" | "no-wasm";

async function seedJourney(page: Page, mode: Mode, project: string) {
  const login = uniqueEmail(`journey-${mode}`);
  await page.goto("/register");
  if (mode === "script") {
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
    // Gone if any step below loads a page instead of swapping it in.
    await page.evaluate(() => ((window as any).sameDocument = true));
  }
  await fillRegistration(page, login);
  await expect(page).toHaveURL(/\/confirm$/);
  const { code } = await latestCode(page, login);
  await page.getByLabel("Код подтверждения").fill(code);
  await page.getByRole("button", { name: "Подтвердить" }).click();
  await expect(page.getByText("Вы успешно зарегистрированы в Системе. Для Вас создан Личный кабинет!")).toBeVisible();
  await page.getByRole("link", { name: "Продолжить" }).click();
  await page.getByLabel(/даю согласие/).check();
  await page.getByRole("button", { name: "Подписать согласие" }).click();
  await expect(page).toHaveURL(/\/cabinet$/);

  if (mode === "script") await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("radio", { name: /Демонстрационный поставщик/ }).check();
  await page.getByLabel("Номер лицевого счёта").fill("023-185952");
  await page.getByRole("button", { name: "Подключить лицевой счёт" }).click();
  // With script the control question opens over the account page; without, on a page of its own.
  if (mode === "script") await expect(page.getByRole("dialog")).toBeVisible();
  else await expect(page).toHaveURL(/\/accounts\/\d+\/extended\?bound=new$/);
  await expect(page.getByText("Поздравляем! Лицевой счёт № 23185952 подключён.", { exact: false }).first()).toBeVisible();
  await page.getByRole("radio", { name: /PIN/ }).check();
  // A malformed PIN first (refused before it counts: the seed account's attempts are
  // shared by every test of this run).
  await page.getByLabel("Введите ответ на контрольный вопрос").fill("12");
  await page.getByRole("button", { name: "Отправить" }).click();
  await expect(page.locator(".field-error, .notice-error").first()).toBeVisible();
  await expect(page.getByRole("radio", { name: /PIN/ })).toBeChecked();
  await page.getByLabel("Введите ответ на контрольный вопрос").fill("4821");
  await page.getByRole("button", { name: "Отправить" }).click();
  await expect(page).toHaveURL(/\/accounts\/\d+$/);
  await expect(page.getByText("Иванов Иван Иванович")).toBeVisible();

  // A reading inside the window (the portal's clock is on 17 November).
  await page.getByRole("link", { name: "Передать показания" }).click();
  await expect(page).toHaveURL(/\/readings$/);
  if (mode === "script") await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel(/новые показания, м³/).fill("1510");
  await page.getByRole("button", { name: "Передать показания" }).click();
  await expect(page.getByText(/Показания не могут быть меньше последних принятых/)).toBeVisible();
  await expect(page.getByLabel(/новые показания, м³/)).toHaveValue("1510");
  await page.getByLabel(/новые показания, м³/).fill("1700");
  await page.getByRole("button", { name: "Передать показания" }).click();
  await expect(page.getByText(/^Показания 1700 м³ за ноябрь 2026 приняты/)).toBeVisible();

  // Pay a sum of one's own through the sandbox.
  await page.getByRole("link", { name: "Лицевой счёт № 23185952" }).click();
  await page.getByRole("link", { name: "Оплатить" }).click();
  await expect(page).toHaveURL(/\/pay$/);
  if (mode === "script") await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("radio", { name: "Произвольная сумма" }).check();
  await page.getByLabel("Сумма, ₽").fill("100,25");
  await page.getByRole("button", { name: "Перейти к оплате" }).click();
  await expect(page).toHaveURL(/\/sandbox\/pay\/sbx-/);
  if (mode === "script") await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name: "Оплатить" }).click();
  await expect(page).toHaveURL(/\/payments\//);
  await expect(page.getByText("Оплата прошла")).toBeVisible();

  // A question to support, from the link under every cabinet page.
  await page.getByRole("link", { name: "К лицевому счёту" }).click();
  await page.getByRole("link", { name: "Задать вопрос в техническую поддержку" }).click();
  await expect(page).toHaveURL(/\/support$/);
  if (mode === "script") await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("radio", { name: "Показания счётчиков" }).check();
  await page.getByRole("textbox", { name: "Вопрос" }).fill("Показания приняты, а в квитанции их нет?");
  await page.getByRole("button", { name: "Отправить вопрос" }).click();
  await expect(page.getByText(/Вопрос № \d+ принят/)).toBeVisible();
  await expect(page.getByText("Показания приняты, а в квитанции их нет?").first()).toBeVisible();
  await snap(page, `support-${mode}`, project);

  if (mode === "script") expect(await page.evaluate(() => (window as any).sameDocument)).toBe(true);
}

// Each journey pays part of the shared seed account's debt: the other tests expect it whole.
test.afterEach(() => reimportSeedAccount());

test("with script: the seed journey without a single page load", async ({ page, errors }, info) => {
  await seedJourney(page, "script", info.project.name);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });
  test("the seed journey works as plain HTML", async ({ page, errors }, info) => {
    await seedJourney(page, "no-script", info.project.name);
  });
});

// No `errors` fixture here: the blocked download is itself reported in the console.
test("with the WASM blocked: the seed journey works", async ({ page }, info) => {
  await page.route(/\.wasm$/, (route) => route.abort());
  await seedJourney(page, "no-wasm", info.project.name);
});

test("the back button after binding returns to the cabinet with the new account", async ({ page, errors }) => {
  await newCustomer(page, "back");
  await expect(page).toHaveURL(/\/cabinet$/);
  await page.evaluate(() => ((window as any).sameDocument = true));
  await bindAccount(page, /Демонстрационный поставщик/, "45003817");
  await page.getByRole("link", { name: "Открыть лицевой счёт" }).click();
  await expect(page).toHaveURL(/\/accounts\/\d+$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/cabinet$/);
  await expect(page.getByRole("link", { name: "Лицевой счёт № 45003817" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  expect(await page.evaluate(() => (window as any).sameDocument)).toBe(true);
  await page.goForward();
  await expect(page).toHaveURL(/\/accounts\/\d+$/);
  await expect(page.getByText("Лицевой счёт № 45003817")).toBeVisible();
});
