import { test, expect, openHydrated, snap } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";

test.describe("registration screen (seed step 1)", () => {
  test("shows the seed's fields, button, links and footer", async ({ page, errors }, info) => {
    await openHydrated(page, "/register");
    await expect(page).toHaveTitle(/Регистрация/);
    await expect(page.getByLabel("Логин (Телефон/Эл. почта)")).toBeVisible();
    await expect(page.getByLabel("Пароль", { exact: true })).toBeVisible();
    await expect(page.getByLabel("Повторите пароль")).toBeVisible();
    const button = page.getByRole("button", { name: /зарегистрироваться/i });
    await expect(button).toBeVisible();
    await expect(button).toHaveCSS("text-transform", "uppercase");
    await expect(page.getByRole("link", { name: /Войти в личный кабинет/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "Задать вопрос в техническую поддержку" })).toBeVisible();
    await expect(page.getByText(/^ЛК - Мой ГАЗ - версия \d+\.\d+\.\d+$/)).toBeVisible();
    await snap(page, "register", info.project.name);
  });

  test("checks every rule live, as the user types", async ({ page, errors }, info) => {
    await openHydrated(page, "/register");
    const login = page.getByLabel("Логин (Телефон/Эл. почта)");
    const password = page.getByLabel("Пароль", { exact: true });
    const repeat = page.getByLabel("Повторите пароль");

    await login.fill("12345");
    await login.blur();
    await expect(page.getByText("Номер телефона должен содержать 10 цифр")).toBeVisible();
    await expect(login).toHaveAttribute("aria-invalid", "true");

    await login.fill("8 (912) 345-67-89");
    await expect(page.getByText("Ваш логин: +79123456789")).toBeVisible();
    await expect(page.getByText("Номер телефона должен содержать 10 цифр")).toBeHidden();
    await expect(login).toHaveAttribute("aria-invalid", "false");

    await login.fill("  Ivanov@Mail.RU ");
    await expect(page.getByText("Ваш логин: ivanov@mail.ru")).toBeVisible();

    await password.fill("пароль");
    await password.blur();
    await expect(page.getByText("Пароль может содержать только латинские буквы и цифры")).toBeVisible();
    await password.fill("abc");
    await expect(page.getByText("Пароль должен быть не короче 5 символов")).toBeVisible();
    await password.fill("abcdef12345");
    await expect(page.getByText("Пароль должен быть не длиннее 10 символов")).toBeVisible();
    await password.fill("abc12");

    await repeat.fill("abc13");
    await repeat.blur();
    await expect(page.getByText("Пароли не совпадают")).toBeVisible();
    await snap(page, "register-errors", info.project.name);
    await repeat.fill("abc12");
    await expect(page.getByText("Пароли не совпадают")).toBeHidden();
  });

  test("submitting an empty form marks every field and sends nothing", async ({ page, errors }) => {
    await openHydrated(page, "/register");
    let posted = false;
    page.on("request", (r) => {
      if (r.method() === "POST") posted = true;
    });
    await page.getByRole("button", { name: /зарегистрироваться/i }).click();
    await expect(page.getByText("Введите номер телефона или адрес электронной почты")).toBeVisible();
    await expect(page.getByText("Введите пароль")).toBeVisible();
    expect(posted).toBe(false);
  });

  test("has no accessibility violations (axe)", async ({ page, errors }) => {
    await openHydrated(page, "/register");
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});

test("unknown pages get a Russian 404", async ({ page, errors }, info) => {
  const response = await page.goto("/nichego-net");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Страница не найдена" })).toBeVisible();
  await expect(page.getByRole("link", { name: "На главную", exact: true })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
  await snap(page, "not-found", info.project.name);
  errors.length = 0; // Chromium logs the 404 document itself as a console error
});
