import { test, expect, snap, uniqueEmail, latestCode, reimportSeedAccount } from "./fixtures";

// Forms that work before and without the WASM (issue 20): a real HTML form posts to its own
// page; the server runs the server function and answers with the next page, or with the
// same page showing the messages and what was typed.

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("registration goes on to the code page", async ({ page, errors }) => {
    const login = uniqueEmail("nojs");
    await page.goto("/register");
    await page.getByLabel("Логин (Телефон/Эл. почта)").fill(login);
    await page.getByLabel("Пароль", { exact: true }).fill("abc12");
    await page.getByLabel("Повторите пароль").fill("abc12");
    await page.getByRole("button", { name: /зарегистрироваться/i }).click();
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

test.describe("the seed journey with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });
  // The journey pays part of the shared seed account's debt: the other tests expect it whole.
  test.afterAll(() => reimportSeedAccount());

  test("register, code, consent, bind 023-185952, control question by PIN", async ({ page, errors }, info) => {
    const login = uniqueEmail("nojs-journey");
    await page.goto("/register");
    await page.getByLabel("Логин (Телефон/Эл. почта)").fill(login);
    await page.getByLabel("Пароль", { exact: true }).fill("abc12");
    await page.getByLabel("Повторите пароль").fill("abc12");
    await page.getByRole("button", { name: /зарегистрироваться/i }).click();
    await expect(page).toHaveURL(/\/confirm$/);
    const { code } = await latestCode(page, login);
    await page.getByLabel("Код подтверждения").fill(code);
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await expect(page.getByText("Вы успешно зарегистрированы в Системе. Для Вас создан Личный кабинет!")).toBeVisible();
    await page.getByRole("link", { name: "Продолжить" }).click();
    await page.getByLabel(/даю согласие/).check();
    await page.getByRole("button", { name: "Подписать согласие" }).click();
    await expect(page).toHaveURL(/\/cabinet$/);

    await page.getByRole("radio", { name: /Демонстрационный поставщик/ }).check();
    await page.getByLabel("Номер лицевого счёта").fill("023-185952");
    await page.getByRole("button", { name: "Подключить лицевой счёт" }).click();
    await expect(page).toHaveURL(/\/accounts\/\d+\/extended\?bound=new$/);
    await expect(page.getByText("Поздравляем! Лицевой счёт № 23185952 подключён.", { exact: false })).toBeVisible();
    await snap(page, "extended-nojs", info.project.name);

    await page.getByRole("radio", { name: /PIN/ }).check();
    // A malformed PIN (refused before it counts: the seed account's attempts are shared by
    // every test of this run).
    await page.getByLabel("Введите ответ на контрольный вопрос").fill("12");
    await page.getByRole("button", { name: "Отправить" }).click();
    await expect(page.locator(".field-error, .notice-error").first()).toBeVisible();
    await expect(page.getByRole("radio", { name: /PIN/ })).toBeChecked();
    await page.getByLabel("Введите ответ на контрольный вопрос").fill("4821");
    await page.getByRole("button", { name: "Отправить" }).click();
    await expect(page).toHaveURL(/\/accounts\/\d+$/);
    await expect(page.getByText("Иванов Иван Иванович")).toBeVisible();
    const account = page.url().match(/\/accounts\/(\d+)$/)![1];

    // A reading inside the window (the portal's clock is on 17 November).
    await page.goto(`/accounts/${account}/readings`);
    await page.getByLabel(/новые показания, м³/).fill("1510");
    await page.getByRole("button", { name: "Передать показания" }).click();
    await expect(page.getByText(/Показания не могут быть меньше последних принятых/)).toBeVisible();
    await expect(page.getByLabel(/новые показания, м³/)).toHaveValue("1510");
    await page.getByLabel(/новые показания, м³/).fill("1700");
    await page.getByRole("button", { name: "Передать показания" }).click();
    await expect(page.getByText(/^Показания 1700 м³ за ноябрь 2026 приняты/)).toBeVisible();

    // Pay a sum of one's own through the sandbox.
    await page.goto(`/accounts/${account}/pay`);
    await page.getByRole("radio", { name: "Произвольная сумма" }).check();
    await page.getByLabel("Сумма, ₽").fill("100,25");
    await page.getByRole("button", { name: "Перейти к оплате" }).click();
    await expect(page).toHaveURL(/\/sandbox\/pay\/sbx-/);
    await page.getByRole("button", { name: "Оплатить" }).click();
    await expect(page).toHaveURL(/\/payments\//);
    await expect(page.getByText("Оплата прошла")).toBeVisible();

    // A question to support.
    await page.goto("/support");
    await page.getByRole("radio", { name: "Показания счётчиков" }).check();
    await page.getByRole("textbox", { name: "Вопрос" }).fill("Показания приняты, а в квитанции их нет?");
    await page.getByRole("button", { name: "Отправить вопрос" }).click();
    await expect(page).toHaveURL(/\/support\?asked=\d+$/);
    await expect(page.getByText(/Вопрос № \d+ принят/)).toBeVisible();
    await expect(page.getByText("Показания приняты, а в квитанции их нет?")).toBeVisible();
    await snap(page, "support-nojs", info.project.name);
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
  await page.getByLabel("Логин (Телефон/Эл. почта)").fill(login);
  await page.getByLabel("Пароль", { exact: true }).fill("abc12");
  await page.getByLabel("Повторите пароль").fill("abc12");
  await page.getByRole("button", { name: /зарегистрироваться/i }).click();
  await expect(page).toHaveURL(/\/confirm$/);
  release();
  await expect(page.getByText(login)).toBeVisible();
});
