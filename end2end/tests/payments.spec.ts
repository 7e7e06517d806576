import { readFileSync } from "node:fs";
import { test, expect, openHydrated, snap, newCustomer, bindAccount, reimportSeedAccount } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";

// Even if the test stops half-way, the next ones must find the debt in place.
test.afterAll(() => reimportSeedAccount());

test("pay the debt of 23185952 through the sandbox acquirer", async ({ page }, info) => {
  await newCustomer(page, "pay");
  await bindAccount(page, /Демонстрационный поставщик/, "23185952");

  await openHydrated(page, "/cabinet");
  await page.getByRole("link", { name: "Оплатить" }).click();
  await expect(page).toHaveURL(/\/accounts\/\d+\/pay$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("radio", { name: /По текущему долгу/ })).toBeChecked();
  await expect(page.getByText("1 234,56 ₽").first()).toBeVisible();
  await expect(page.getByText("Через личный кабинет платежей ещё не было.")).toBeVisible();

  // A custom sum is checked as it is typed, by the same rule as on the server.
  await page.getByRole("radio", { name: "Произвольная сумма" }).check();
  await page.getByLabel("Сумма, ₽").fill("12,345");
  await page.getByRole("button", { name: "Перейти к оплате" }).click();
  await expect(page.getByText("Сумма в рублях и копейках, например 1 234,56")).toBeVisible();
  await snap(page, "pay", info.project.name);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  await page.getByRole("radio", { name: /По текущему долгу/ }).check();
  await page.getByRole("button", { name: "Перейти к оплате" }).click();
  await expect(page).toHaveURL(/\/sandbox\/pay\/sbx-/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByText("Оплата газа, лицевой счёт 23185952")).toBeVisible();
  await snap(page, "sandbox-acquirer", info.project.name);
  await page.getByRole("button", { name: "Оплатить" }).click();

  await expect(page).toHaveURL(/\/payments\/[0-9a-f]{32}$/);
  await expect(page.getByRole("heading", { name: "Оплата прошла" })).toBeVisible();
  await expect(page.getByText("1 234,56 ₽")).toBeVisible();
  await snap(page, "payment-success", info.project.name);
  // «Справка об оплате» of this payment, as a PDF download.
  const [receipt] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Справка об оплате (PDF)" }).click(),
  ]);
  expect(receipt.suggestedFilename()).toMatch(/^spravka-ob-oplate-[0-9a-f]{32}\.pdf$/);
  expect(readFileSync(await receipt.path()).subarray(0, 5).toString()).toBe("%PDF-");

  await page.getByRole("link", { name: "Мои платежи" }).click();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator(".payment", { hasText: "1 234,56 ₽" })).toContainText("Оплачено");
  await expect(page.getByText("Задолженности нет").first()).toBeVisible();

  // The billing's re-import brings the debt back (and proves `moygaz import` updates it).
  reimportSeedAccount();
  await openHydrated(page, "/cabinet");
  await expect(page.locator(".account-debt .money")).toHaveText("1 234,56 ₽");
});

test("turn autopay on with the sandbox's saved card, then off", async ({ page }, info) => {
  await newCustomer(page, "autopay");
  await bindAccount(page, /Демонстрационный поставщик/, "23185952");
  await openHydrated(page, "/cabinet");
  await page.getByRole("link", { name: "Лицевой счёт № 23185952" }).click();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const accountUrl = page.url();

  // Basic access: the page says how to get there first.
  await page.goto(`${accountUrl}/autopay`);
  await expect(page.getByText("Автоплатёж подключается в расширенной версии")).toBeVisible();
  await page.goto(accountUrl);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("link", { name: "Подключить расширенную версию" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radio", { name: "Ввести PIN код (может быть напечатан на квитанции)" }).check();
  await dialog.getByLabel("Введите ответ на контрольный вопрос").fill("4821");
  await dialog.getByRole("button", { name: "Отправить" }).click();
  await expect(page.getByText("Иванов Иван Иванович")).toBeVisible();

  await page.getByRole("link", { name: "Настроить автоплатёж" }).click();
  await expect(page).toHaveURL(/\/accounts\/\d+\/autopay$/);
  await expect(page.getByRole("heading", { name: "Согласие на списания" })).toBeVisible();
  await page.getByLabel("День списания").selectOption("15");
  await page.getByLabel("Списывать не больше, ₽").fill("12,345");
  await page.getByLabel(/Согласен\(-на\) на ежемесячные списания/).check();
  await page.getByRole("button", { name: "Сохранить карту и подключить" }).click();
  await expect(page.getByText("Сумма в рублях и копейках, например 1 234,56")).toBeVisible();
  await expect(page.getByLabel("День списания")).toHaveValue("15");
  await snap(page, "autopay-form", info.project.name);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  await page.getByLabel("Списывать не больше, ₽").fill("5 000");
  await page.getByLabel(/Согласен\(-на\) на ежемесячные списания/).check();
  await page.getByRole("button", { name: "Сохранить карту и подключить" }).click();
  await expect(page).toHaveURL(/\/sandbox\/pay\/sbx-/);
  await expect(page.getByText("Карта сохранится для автоплатежа")).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name: "Оплатить" }).click();

  await expect(page).toHaveURL(/\/accounts\/\d+\/autopay$/);
  await expect(page.getByText("Автоплатёж включён")).toBeVisible();
  await expect(page.getByText("Тестовая карта •••• 4242")).toBeVisible();
  await expect(page.getByText("15-го числа каждого месяца")).toBeVisible();
  await expect(page.getByText("5 000,00 ₽")).toBeVisible();
  await snap(page, "autopay-on", info.project.name);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  await page.getByRole("button", { name: "Отключить автоплатёж" }).click();
  await expect(page.getByRole("button", { name: "Сохранить карту и подключить" })).toBeVisible();
  reimportSeedAccount();
});
