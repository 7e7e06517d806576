import { test, expect, snap, uniqueEmail, latestCode } from "./fixtures";

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
