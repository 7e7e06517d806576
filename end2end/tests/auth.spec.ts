import { test, expect, openHydrated, snap, uniqueEmail, uniquePhone, latestCode, registerAndConfirm, signConsent } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";

test.describe("registration, confirmation, consent (seed steps 1–4)", () => {
  test("by e-mail: code, success screen, consent, cabinet", async ({ page, errors }, info) => {
    const email = uniqueEmail("journey");
    await openHydrated(page, "/register");
    await page.getByLabel("Логин (Телефон/Эл. почта)").fill(email.toUpperCase());
    await page.getByLabel("Пароль", { exact: true }).fill("Secret12");
    await page.getByLabel("Повторите пароль").fill("Secret12");
    await page.getByRole("button", { name: /зарегистрироваться/i }).click();

    await expect(page).toHaveURL(/\/confirm$/);
    await expect(page.getByText(`Мы отправили письмо с кодом и ссылкой на адрес ${email}.`)).toBeVisible();
    const resend = page.getByRole("button", { name: /^Отправить код повторно через 0:\d\d$/ });
    await expect(resend).toBeDisabled();
    // The countdown ticks in the browser.
    const first = await resend.textContent();
    await expect(resend).not.toHaveText(first!, { timeout: 3000 });
    await snap(page, "confirm", info.project.name);
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

    const { text, html, code } = await latestCode(page, email);
    expect(text).toContain("/confirm/link?token=");
    expect(html).toContain(code);
    await page.getByLabel("Код подтверждения").fill(code);
    await page.getByRole("button", { name: "Подтвердить" }).click();

    await expect(page).toHaveURL(/\/welcome$/);
    await expect(page.getByText("Вы успешно зарегистрированы в Системе. Для Вас создан Личный кабинет!")).toBeVisible();
    await snap(page, "welcome", info.project.name);
    await page.getByRole("link", { name: "Продолжить" }).click();

    await expect(page).toHaveURL(/\/consent$/);
    await expect(page.getByRole("heading", { name: "Согласие на обработку персональных данных" })).toBeVisible();
    const sign = page.getByRole("button", { name: "Подписать согласие" });
    await expect(sign).toBeDisabled();
    await snap(page, "consent", info.project.name);
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
    await page.getByLabel(/даю согласие на обработку персональных данных/).check();
    await sign.click();

    await expect(page).toHaveURL(/\/cabinet$/);
    await expect(page.getByRole("heading", { name: "Личный кабинет", exact: true })).toBeVisible();
    await snap(page, "cabinet", info.project.name);
  });

  test("by phone: the SMS code confirms", async ({ page, errors }) => {
    const phone = uniquePhone();
    await openHydrated(page, "/register");
    await page.getByLabel("Логин (Телефон/Эл. почта)").fill(phone.typed);
    await expect(page.getByText(`Ваш логин: ${phone.e164}`)).toBeVisible();
    await page.getByLabel("Пароль", { exact: true }).fill("abc12");
    await page.getByLabel("Повторите пароль").fill("abc12");
    await page.getByRole("button", { name: /зарегистрироваться/i }).click();
    await expect(page.getByText(/Мы отправили SMS с кодом от Smorodina на номер \+7 9\d\d \*\*\*-\*\*-\d\d\./)).toBeVisible();
    const { text, code } = await latestCode(page, phone.e164);
    expect(text).toMatch(/^Мой ГАЗ: код подтверждения \d{6}/);
    await page.getByLabel("Код подтверждения").fill(code);
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await expect(page.getByText("Вы успешно зарегистрированы в Системе. Для Вас создан Личный кабинет!")).toBeVisible();
  });

  test("the e-mail link opened in another browser confirms nothing there", async ({ page, errors, browser }, info) => {
    const email = uniqueEmail("link");
    await openHydrated(page, "/register");
    await page.getByLabel("Логин (Телефон/Эл. почта)").fill(email);
    await page.getByLabel("Пароль", { exact: true }).fill("abc12");
    await page.getByLabel("Повторите пароль").fill("abc12");
    await page.getByRole("button", { name: /зарегистрироваться/i }).click();
    await expect(page).toHaveURL(/\/confirm$/);
    const { text } = await latestCode(page, email);
    const link = new URL(text.split(/\s+/).find((w) => w.includes("/confirm/link?token="))!);

    const other = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
    const stranger = await other.newPage();
    await stranger.goto(page.url().replace(/\/confirm$/, link.pathname + link.search));
    await expect(stranger).toHaveURL(/\/confirm\?link=other-browser$/);
    await expect(stranger.getByText(/только в том браузере, в котором её начали/)).toBeVisible();
    await snap(stranger, "confirm-link-other-browser", info.project.name);
    await other.close();

    // In the browser that registered, the same link confirms.
    await page.goto(link.pathname + link.search);
    await expect(page).toHaveURL(/\/welcome$/);
  });

  test("a wrong code five times needs a new code", async ({ page, errors }) => {
    const email = uniqueEmail("wrong");
    await openHydrated(page, "/register");
    await page.getByLabel("Логин (Телефон/Эл. почта)").fill(email);
    await page.getByLabel("Пароль", { exact: true }).fill("abc12");
    await page.getByLabel("Повторите пароль").fill("abc12");
    await page.getByRole("button", { name: /зарегистрироваться/i }).click();
    await expect(page).toHaveURL(/\/confirm$/);
    const { code } = await latestCode(page, email);
    const wrong = code === "000000" ? "111111" : "000000";
    const field = page.getByLabel("Код подтверждения");
    for (const left of [4, 3, 2, 1]) {
      await field.fill(wrong);
      await page.getByRole("button", { name: "Подтвердить" }).click();
      await expect(page.getByText(`Неверный код. Осталось попыток: ${left}`)).toBeVisible();
    }
    await field.fill(wrong);
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await expect(page.getByText("Неверный код. Попытки закончились: запросите новый код")).toBeVisible();
    await field.fill(code);
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await expect(page.getByText("Слишком много неверных попыток. Запросите новый код")).toBeVisible();
    errors.length = 0; // each rejected code is a 400 that Chromium logs
  });
});

test("the e-mail's link confirms in one click", async ({ page, errors }) => {
  const email = uniqueEmail("link");
  await openHydrated(page, "/register");
  await page.getByLabel("Логин (Телефон/Эл. почта)").fill(email);
  await page.getByLabel("Пароль", { exact: true }).fill("abc12");
  await page.getByLabel("Повторите пароль").fill("abc12");
  await page.getByRole("button", { name: /зарегистрироваться/i }).click();
  await expect(page).toHaveURL(/\/confirm$/);
  const { text } = await latestCode(page, email);
  const link = text.match(/https?:\/\/\S+\/confirm\/link\?token=[0-9a-f]+/)![0];
  await page.goto(new URL(link).pathname + new URL(link).search);
  await expect(page.getByText("Вы успешно зарегистрированы в Системе. Для Вас создан Личный кабинет!")).toBeVisible();
});

test("a number the SMS gateway refuses shows why", async ({ page, errors }) => {
  const phone = `+79${String(Math.floor(Math.random() * 1e5)).padStart(5, "0")}0000`;
  await openHydrated(page, "/register");
  await page.getByLabel("Логин (Телефон/Эл. почта)").fill(phone);
  await page.getByLabel("Пароль", { exact: true }).fill("abc12");
  await page.getByLabel("Повторите пароль").fill("abc12");
  await page.getByRole("button", { name: /зарегистрироваться/i }).click();
  await expect(page).toHaveURL(/\/confirm$/);
  await expect(page.getByText("Не удалось отправить SMS: номер телефона указан неверно или недоступен")).toBeVisible();
});

test.describe("sign-in (Войти в личный кабинет)", () => {
  test("sign out, wrong password, sign in again", async ({ page, errors }, info) => {
    const email = uniqueEmail("signin");
    await registerAndConfirm(page, email, email, "abc12");
    await signConsent(page);

    await page.getByRole("button", { name: "Выйти" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/cabinet");
    await expect(page).toHaveURL(/\/login$/);

    await openHydrated(page, "/login");
    await page.getByLabel("Логин (Телефон/Эл. почта)").fill(email);
    await page.getByLabel("Пароль").fill("wrong1");
    await page.getByRole("button", { name: /войти/i }).click();
    await expect(page.getByText("Неверный логин или пароль")).toBeVisible();
    await snap(page, "login-error", info.project.name);
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

    await page.getByLabel("Пароль").fill("abc12");
    await page.getByRole("button", { name: /войти/i }).click();
    await expect(page).toHaveURL(/\/cabinet$/);
    await expect(page.getByRole("heading", { name: "Личный кабинет", exact: true })).toBeVisible();
    errors.length = 0; // the rejected password is a 400 that Chromium logs
  });
});
