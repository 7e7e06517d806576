import { readFileSync } from "node:fs";
import { test, expect, openHydrated, snap, newCustomer } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

const CONTROL_TITLE =
  "Чтобы подключить расширенные возможности личного кабинета, пожалуйста, ответьте на контрольный вопрос.";

/** Picks the provider and types the number as printed on the receipt. */
/** The script's way (the dialog in place): waits for the page to hydrate first; a submit
 *  before that goes the no-script way (no_script.spec.ts). */
async function bind(page: Page, provider: string, number: string) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("radio", { name: new RegExp(provider) }).check();
  await page.getByLabel("Номер лицевого счёта").fill(number);
  await page.getByRole("button", { name: "Подключить лицевой счёт" }).click();
}

async function noAxeViolations(page: Page) {
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
}

test("bind the seed account, see the basic view, unlock the extended one with the PIN", async ({ page }, info) => {
  await newCustomer(page, "bind");
  // Right after consent the cabinet asks for the first account.
  await expect(page.getByRole("heading", { name: "Подключите лицевой счёт" })).toBeVisible();
  await expect(page.getByText("Как на квитанции, например 023-185952 — в портале это 23185952")).toBeVisible();
  await page.getByLabel("Номер лицевого счёта").fill("023-185952");
  await expect(page.getByText("Номер в портале: 23185952")).toBeVisible();
  await page.getByLabel("Номер лицевого счёта").fill("023-18A952");
  await expect(page.getByText("Номер лицевого счёта состоит только из цифр, например 023-185952")).toBeVisible();
  await snap(page, "bind-form", info.project.name);
  await noAxeViolations(page);

  await bind(page, "Демонстрационный поставщик", "023-185952");
  await expect(page.getByRole("heading", { name: "Поздравляем! Лицевой счёт № 23185952 подключён." })).toBeVisible();
  // The control question opens on its own, with the seed's texts.
  const dialog = page.getByRole("dialog", { name: CONTROL_TITLE });
  await expect(dialog).toBeVisible();
  for (const text of [
    "Ввести серийный номер прибора учета газа",
    "Ввести сумму из последних начислений в копейках",
    "Ввести PIN код (может быть напечатан на квитанции)",
    "В зависимости от Вашего региона пин-код может располагаться на квитанции, выдаваться по электронной почте или при обращении в абонентский пункт.",
  ]) {
    await expect(dialog.getByText(text)).toBeVisible();
  }
  await expect(dialog.getByRole("button", { name: "Подать запрос на получение PIN-кода" })).toBeVisible();
  await expect(dialog.getByLabel("Введите ответ на контрольный вопрос")).toBeVisible();
  await snap(page, "control-question", info.project.name);
  await noAxeViolations(page);
  await dialog.getByRole("button", { name: "Подключить расширенную версию позже" }).click();
  await expect(dialog).toBeHidden();

  // Basic access: masked address and the debt, no owner.
  await page.getByRole("link", { name: "Открыть лицевой счёт" }).click();
  await expect(page).toHaveURL(/\/accounts\/\d+$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByText("г. Москва, ул. Л*****, д. 5, кв. **")).toBeVisible();
  await expect(page.locator(".account-debt .money")).toHaveText("1 234,56 ₽");
  await expect(page.getByRole("link", { name: "Оплатить" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Передать показания" })).toBeVisible();
  await expect(page.getByText("Иванов Иван Иванович")).toHaveCount(0);
  // The tariff every charge is reckoned from, for basic access too.
  const tariff = page.getByRole("region", { name: "Тариф" });
  await expect(tariff.locator(".tariff-price")).toHaveText("8,51 ₽ за 1 м³");
  await expect(tariff.getByText("отопление и другие нужды, по счётчику")).toBeVisible();
  await expect(tariff.getByText("01.07.2025")).toBeVisible();
  await snap(page, "account-basic", info.project.name);

  // The question again, from the account page; × closes it too.
  await page.getByRole("link", { name: "Подключить расширенную версию" }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Закрыть" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("link", { name: "Подключить расширенную версию" }).click();
  await dialog.getByRole("radio", { name: "Ввести PIN код (может быть напечатан на квитанции)" }).check();
  await dialog.getByLabel("Введите ответ на контрольный вопрос").fill("4821");
  await dialog.getByRole("button", { name: "Отправить" }).click();

  await expect(page.getByText("Иванов Иван Иванович")).toBeVisible();
  await expect(page.getByText("г. Москва, ул. Ленина, д. 5, кв. 12")).toBeVisible();
  await expect(page.getByText("Расширенный доступ")).toBeVisible();
  await expect(page.locator("svg.chart rect.chart-bar")).toHaveCount(12);
  await expect(page.getByRole("cell", { name: "1 234,56 ₽" }).first()).toBeVisible();
  await expect(page.getByText("№ 12345678")).toBeVisible();
  // Each month: volume × tariff = charge, and the last one marked, billed at another sum.
  await expect(page.getByRole("cell", { name: "83 м³ × 8,51 ₽ = 706,33 ₽" })).toBeVisible();
  await expect(page.getByText("Не по показаниям: по тарифу было бы 1 233,95 ₽")).toBeVisible();
  // The statement of the history's months, as a PDF download.
  const [statement] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Скачать выписку (PDF)" }).click(),
  ]);
  expect(statement.suggestedFilename()).toMatch(/^vypiska-23185952-\d{4}-\d{2}-\d{4}-\d{2}\.pdf$/);
  const bytes = readFileSync(await statement.path());
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await snap(page, "account-extended", info.project.name);
  await noAxeViolations(page);
});

test("wrong answers until the lock, with the time it ends", async ({ page, errors }) => {
  await newCustomer(page, "lock");
  // Not the seed account: its lock (per account, whoever answers) would close the control
  // question for the other tests of the run.
  await bind(page, "Демонстрационный поставщик", "45003817");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("radio", { name: "Ввести серийный номер прибора учета газа" }).check();
  for (const left of [4, 3, 2, 1]) {
    await dialog.getByLabel("Введите ответ на контрольный вопрос").fill(`0000-000${left}`);
    await dialog.getByRole("button", { name: "Отправить" }).click();
    await expect(dialog.getByText(`Ответ неверный. Осталось попыток: ${left}`)).toBeVisible();
  }
  await dialog.getByLabel("Введите ответ на контрольный вопрос").fill("0000-0000");
  await dialog.getByRole("button", { name: "Отправить" }).click();
  await expect(dialog.getByText(/Попытки закончились\. Ответить на контрольный вопрос можно будет \d\d\.\d\d\.\d{4} \d\d:\d\d \(МСК\)/)).toBeVisible();
  errors.length = 0; // each wrong answer is a 400 (the last a 429) that Chromium logs
  await dialog.getByRole("button", { name: "Подключить расширенную версию позже" }).click();
  await page.getByRole("link", { name: "Открыть лицевой счёт" }).click();
  await expect(page.getByText(/Попытки ответа закончились\. Ответить снова можно будет/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Подключить расширенную версию" })).toHaveCount(0);
});

test("a second account, the PIN request, and unlinking in settings", async ({ page, errors }, info) => {
  await newCustomer(page, "second");
  await bind(page, "Демонстрационный поставщик", "23185952");
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Подать запрос на получение PIN-кода" }).click();
  await expect(dialog.getByText(/Запрос на PIN-код принят/)).toBeVisible();
  await dialog.getByRole("button", { name: "Закрыть" }).click();

  await page.getByRole("button", { name: "Подключить ещё" }).click();
  // An unknown number at this provider: a clear error, nothing bound.
  await bind(page, "Уралгазсбыт", "23185952");
  await expect(page.getByText("У выбранного поставщика нет лицевого счёта с таким номером. Проверьте номер и поставщика по квитанции")).toBeVisible();
  errors.length = 0; // the refused binding is a 400 that Chromium logs
  await bind(page, "Уралгазсбыт", "700-112-233");
  await expect(page.getByRole("heading", { name: "Поздравляем! Лицевой счёт № 700112233 подключён." })).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Подключить расширенную версию позже" }).click();

  await openHydrated(page, "/cabinet");
  await expect(page.locator(".account-card")).toHaveCount(2);
  await expect(page.getByText("г. Екатеринбург, ул. М*******, д. 3, кв. ***")).toBeVisible();
  await snap(page, "cabinet-accounts", info.project.name);
  await noAxeViolations(page);

  await page.getByRole("link", { name: "Настройки" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator(".linked")).toHaveCount(2);
  await page.locator(".linked", { hasText: "700112233" }).getByRole("button", { name: "Отключить" }).click();
  const confirm = page.getByRole("dialog", { name: "Отключить лицевой счёт № 700112233?" });
  await expect(confirm).toBeVisible();
  await snap(page, "unlink-dialog", info.project.name);
  // Nothing on the page may be wider than a phone's screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
  await confirm.getByRole("button", { name: "Отключить" }).click();
  await expect(page.locator(".linked")).toHaveCount(1);
  await openHydrated(page, "/cabinet");
  await expect(page.locator(".account-card")).toHaveCount(1);
  await expect(page.getByText("Лицевой счёт № 23185952")).toBeVisible();
});
