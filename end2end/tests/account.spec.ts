import { test, expect, openHydrated, snap, uniqueEmail, latestCode, registerAndConfirm, signConsent } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";

test("password reset by a code from the login", async ({ page, errors }, info) => {
  const email = uniqueEmail("reset");
  await registerAndConfirm(page, email, email, "abc12");
  await signConsent(page);
  await page.getByRole("button", { name: "Выйти" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("link", { name: "Забыли пароль?" }).click();
  await expect(page).toHaveURL(/\/reset$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Логин (Телефон/Эл. почта)").fill(email);
  // The registration code was the last message: wait for a new one.
  const before = (await latestCode(page, email)).code;
  await page.getByRole("button", { name: "Получить код" }).click();
  await expect(page.getByText("Если для этого логина есть личный кабинет, мы отправили на него код.")).toBeVisible();
  let code = before;
  await expect.poll(async () => {
    const m = await latestCode(page, email);
    code = m.code;
    return m.text.includes("смены пароля");
  }).toBe(true);
  await page.getByLabel("Код из сообщения").fill(code);
  await page.getByLabel("Новый пароль", { exact: true }).fill("fresh123");
  await page.getByLabel("Повторите пароль").fill("fresh123");
  await snap(page, "reset", info.project.name);
  await page.getByRole("button", { name: "Сменить пароль" }).click();
  await expect(page).toHaveURL(/\/cabinet$/);

  await page.getByRole("button", { name: "Выйти" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Логин (Телефон/Эл. почта)").fill(email);
  await page.getByLabel("Пароль").fill("fresh123");
  await page.getByRole("button", { name: /войти/i }).click();
  await expect(page).toHaveURL(/\/cabinet$/);
});

test("settings: change password, sign out everywhere, withdraw consent", async ({ page, errors }, info) => {
  const email = uniqueEmail("settings");
  await registerAndConfirm(page, email, email, "abc12");
  await signConsent(page);
  await page.getByRole("link", { name: "Настройки" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  await page.getByLabel("Текущий пароль").fill("wrong1");
  await page.getByLabel("Новый пароль", { exact: true }).fill("next12");
  await page.getByLabel("Повторите новый пароль").fill("next12");
  await page.getByRole("button", { name: "Сменить пароль" }).click();
  await expect(page.getByText("Текущий пароль указан неверно")).toBeVisible();
  await page.getByLabel("Текущий пароль").fill("abc12");
  await page.getByRole("button", { name: "Сменить пароль" }).click();
  await expect(page.getByText("Пароль изменён.")).toBeVisible();
  await snap(page, "settings", info.project.name);

  await page.getByRole("button", { name: "Отозвать согласие и удалить кабинет" }).click();
  const dialog = page.getByRole("dialog", { name: "Удалить личный кабинет?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Отмена" }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole("button", { name: "Выйти на всех устройствах" }).click();
  await expect(page).toHaveURL(/\/login$/);

  await openHydrated(page, "/login");
  await page.getByLabel("Логин (Телефон/Эл. почта)").fill(email);
  await page.getByLabel("Пароль").fill("next12");
  await page.getByRole("button", { name: /войти/i }).click();
  await expect(page).toHaveURL(/\/cabinet$/);
  await page.goto("/settings");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name: "Отозвать согласие и удалить кабинет" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Да, удалить" }).click();
  await expect(page).toHaveURL(/\/register$/);

  await openHydrated(page, "/login");
  await page.getByLabel("Логин (Телефон/Эл. почта)").fill(email);
  await page.getByLabel("Пароль").fill("next12");
  await page.getByRole("button", { name: /войти/i }).click();
  await expect(page.getByText("Неверный логин или пароль")).toBeVisible();
  errors.length = 0; // rejected passwords are 400s that Chromium logs
});

test("settings: profile and a new login confirmed by its code", async ({ page, errors }, info) => {
  const email = uniqueEmail("profile");
  await registerAndConfirm(page, email, email, "abc12");
  await signConsent(page);
  await page.goto("/settings");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  const name = page.getByLabel("Фамилия, имя, отчество");
  await name.fill("Петров 2");
  await expect(page.getByText("Имя может содержать только буквы, пробелы, дефис и апостроф")).toBeVisible();
  await name.fill("Петров Пётр Петрович");
  await page.getByLabel("Контактный телефон").fill("8 912 111-22-33");
  await page.getByRole("button", { name: "Сохранить", exact: true }).click();
  await expect(page.getByText("Данные сохранены.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Контактный телефон")).toHaveValue("+79121112233");

  const fresh = uniqueEmail("newlogin");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Пароль от личного кабинета").fill("abc12");
  await page.getByLabel("Новый логин (Телефон/Эл. почта)").fill(fresh);
  await snap(page, "settings-login-change", info.project.name);
  await page.getByRole("button", { name: "Получить код" }).click();
  const { code } = await latestCode(page, fresh);
  await page.getByLabel("Код с нового логина").fill(code);
  await page.getByRole("button", { name: "Подтвердить" }).click();
  await expect(page.getByText(`Логин изменён: теперь входите как ${fresh}.`)).toBeVisible();
});
