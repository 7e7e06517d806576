import { test, expect, openHydrated, snap, uniqueEmail, newCustomer } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";

test("an anonymous question from the registration screen", async ({ page }, info) => {
  await openHydrated(page, "/register");
  await page.getByRole("link", { name: "Задать вопрос в техническую поддержку" }).click();
  await expect(page).toHaveURL(/\/support$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name: "Отправить вопрос" }).click();
  await expect(page.getByText("Выберите тему вопроса")).toBeVisible();
  await expect(page.getByText("Опишите вопрос", { exact: true })).toBeVisible();

  await page.getByRole("radio", { name: "Регистрация и вход" }).check();
  await page.getByRole("textbox", { name: "Вопрос" }).fill("Не приходит код подтверждения по SMS");
  await page.getByLabel("Куда ответить (Телефон/Эл. почта)").fill("12345");
  await expect(page.getByText(/Номер телефона должен содержать 10 цифр/)).toBeVisible();
  const email = uniqueEmail("support");
  await page.getByLabel("Куда ответить (Телефон/Эл. почта)").fill(email);
  await snap(page, "support", info.project.name);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  await page.getByRole("button", { name: "Отправить вопрос" }).click();
  await expect(page.getByText(new RegExp(`Вопрос № \\d+ принят\\. Специалист ответит на ${email.replace(/\./g, "\\.")}`))).toBeVisible();
});

test("a customer's question and reply in the thread", async ({ page }) => {
  const email = await newCustomer(page, "thread");
  await page.getByRole("link", { name: "Задать вопрос в техническую поддержку" }).click();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByLabel("Куда ответить (Телефон/Эл. почта)")).toHaveValue(email);
  await expect(page.getByText("Обращений пока нет.")).toBeVisible();
  await page.getByRole("radio", { name: "Оплата" }).check();
  await page.getByRole("textbox", { name: "Вопрос" }).fill("Платёж не отображается в истории");
  await page.getByRole("button", { name: "Отправить вопрос" }).click();
  await expect(page.getByText(/Вопрос № \d+ принят/)).toBeVisible();
  await openHydrated(page, "/support");
  await expect(page.locator(".ticket")).toContainText("Платёж не отображается в истории");
  await page.getByLabel("Ответить в обращении").fill("Номер платежа есть в выписке банка");
  await page.getByRole("button", { name: "Отправить", exact: true }).click();
  await expect(page.locator(".ticket .message")).toHaveCount(2);
});
