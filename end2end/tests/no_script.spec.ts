import { test, expect, snap, uniqueEmail, latestCode, fillRegistration } from "./fixtures";

// Forms that work before and without the WASM (issue 20): a real HTML form posts to its own
// page; the server runs the server function and answers with the next page, or with the
// same page showing the messages and what was typed. The whole seed journey without script
// is in journeys.spec.ts.

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("registration goes on to the code page", async ({ page, errors }) => {
    const login = uniqueEmail("nojs");
    await page.goto("/register");
    await fillRegistration(page, login);
    await expect(page).toHaveURL(/\/confirm$/);
    await expect(page.getByText(login)).toBeVisible();
    await latestCode(page, login);
  });

  test("a refused registration shows the message next to the field and keeps the login", async ({ page, errors }, info) => {
    await page.goto("/register");
    await page.getByLabel("Логин (Телефон/Эл. почта)").fill("ivanov@mail.ru");
    await page.getByLabel("Пароль", { exact: true }).fill("abc12");
    await page.getByLabel("Повторите пароль").fill("abc13");
    await page.getByRole("button", { name: /зарегистрироваться/i }).click();
    await expect(page).toHaveURL(/\/register$/);
    await expect(page.locator("#field-password_repeat-error")).toHaveText("Пароли не совпадают");
    await expect(page.getByLabel("Логин (Телефон/Эл. почта)")).toHaveValue("ivanov@mail.ru");
    await expect(page.getByLabel("Пароль", { exact: true })).toHaveValue("");
    await snap(page, "register-nojs-error", info.project.name);
  });
});

test("typed and submitted before the WASM arrives, the registration still lands on /confirm", async ({ page, errors }) => {
  // Hold the WASM back until the form has been filled in and sent.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.wasm$/, async (route) => {
    await held;
    // The page it was for may be gone by now: nothing to deliver then.
    await route.continue().catch(() => {});
  });
  const login = uniqueEmail("early");
  await page.goto("/register", { waitUntil: "domcontentloaded" });
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  await fillRegistration(page, login);
  await expect(page).toHaveURL(/\/confirm$/);
  release();
  await expect(page.getByText(login)).toBeVisible();
});

test.describe("settings with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("profile, password and the consent withdrawal work as plain forms", async ({ page, errors }, info) => {
    const login = uniqueEmail("nojs-settings");
    await page.goto("/register");
    await fillRegistration(page, login);
    const { code } = await latestCode(page, login);
    await page.getByLabel("Код подтверждения").fill(code);
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.getByRole("link", { name: "Продолжить" }).click();
    await page.getByLabel(/даю согласие/).check();
    await page.getByRole("button", { name: "Подписать согласие" }).click();
    await page.getByRole("link", { name: "Настройки" }).click();
    await expect(page).toHaveURL(/\/settings$/);

    // A bad phone comes back next to its field with the name kept; a good one is saved.
    await page.getByLabel("Фамилия, имя, отчество").fill("Петров Пётр");
    await page.getByLabel("Контактный телефон").fill("12");
    await page.getByRole("button", { name: "Сохранить", exact: true }).click();
    await expect(page.locator("#field-contact_phone-error")).toBeVisible();
    await expect(page.getByLabel("Фамилия, имя, отчество")).toHaveValue("Петров Пётр");
    await page.getByLabel("Контактный телефон").fill("8 912 111-22-33");
    await page.getByRole("button", { name: "Сохранить", exact: true }).click();
    await expect(page.getByText("Данные сохранены.")).toBeVisible();
    await expect(page.getByLabel("Контактный телефон")).toHaveValue("+79121112233");

    await page.getByLabel("Текущий пароль").fill("abc12");
    await page.getByLabel("Новый пароль", { exact: true }).fill("next12");
    await page.getByLabel("Повторите новый пароль").fill("next12");
    await page.getByRole("button", { name: "Сменить пароль" }).click();
    await expect(page.getByText("Пароль изменён.")).toBeVisible();

    // Without the dialog, the withdrawal asks for a ticked box first.
    await page.getByRole("button", { name: "Отозвать согласие и удалить кабинет" }).click();
    await expect(page.getByText("Подтвердите удаление личного кабинета")).toBeVisible();
    await snap(page, "settings-nojs", info.project.name);
    await page.getByLabel(/Да, удалить личный кабинет/).check();
    await page.getByRole("button", { name: "Отозвать согласие и удалить кабинет" }).click();
    await expect(page).toHaveURL(/\/register$/);
  });
});
