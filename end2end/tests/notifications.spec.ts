import { test, expect, openHydrated, snap, newCustomer } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";

// The list of notifications and the settings table, as a customer meets them: a change of
// the password is listed, the header's bell counts it until the list is seen, and the
// table of switches saves (the scheduler's reminders have their tests in server/tests).
test("notifications: the bell, the list with its marks, the settings table", async ({ page }, info) => {
  await newCustomer(page, "notices");
  await expect(page.getByRole("link", { name: "Уведомления", exact: true })).toBeVisible();

  await openHydrated(page, "/settings");
  await page.getByLabel("Текущий пароль").fill("abc12");
  await page.getByLabel("Новый пароль", { exact: true }).fill("next12");
  await page.getByLabel("Повторите новый пароль").fill("next12");
  await page.getByRole("button", { name: "Сменить пароль" }).click();
  await expect(page.getByText("Пароль изменён.")).toBeVisible();

  await openHydrated(page, "/cabinet");
  const bell = page.getByRole("link", { name: "Уведомления: новых 1" });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { name: "Уведомления", level: 1 })).toBeFocused();
  const notice = page.locator(".notification", { hasText: "Пароль изменён" });
  await expect(notice).toContainText("Новое");
  await expect(notice).toContainText("В вашем личном кабинете");
  await snap(page, "notifications", info.project.name);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  // Seen: no mark and no count any more.
  await page.reload();
  await expect(page.locator(".notification", { hasText: "Пароль изменён" })).not.toContainText("Новое");
  await expect(page.getByRole("link", { name: "Уведомления", exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Настроить уведомления" }).click();
  await expect(page).toHaveURL(/\/settings#notifications$/);
  const card = page.locator("#notifications");
  const payments = card.getByRole("checkbox", { name: "Платежи: Эл. почта" });
  await expect(payments).toBeChecked();
  await expect(card.getByRole("checkbox", { name: "Приём показаний: Эл. почта" })).toBeChecked();
  await expect(card.getByRole("row", { name: /Вход и пароль/ })).toContainText("всегда");
  await expect(card.getByRole("checkbox", { name: "Платежи: Браузер" })).toBeChecked();
  await expect(card.getByRole("button", { name: "Включить уведомления в браузере" })).toBeVisible();
  // The permission is asked on this click only; this browser has no push service to reach
  // (the closed test network) or refuses, and says so next to the button.
  await card.getByRole("button", { name: "Включить уведомления в браузере" }).click();
  await expect(card.locator("[data-push-status]")).toHaveText(/Уведомления запрещены|не смог подписаться|Готово/);
  await payments.uncheck();
  await card.getByRole("button", { name: "Сохранить настройки уведомлений" }).click();
  await expect(page.getByText("Настройки уведомлений сохранены.")).toBeVisible();
  await expect(page.locator("#notifications").getByRole("checkbox", { name: "Платежи: Эл. почта" })).not.toBeChecked();
  await page.locator("#notifications").scrollIntoViewIfNeeded();
  await page.locator("#notifications").screenshot({ path: `screenshots/notification-settings-${info.project.name}.png` });
  expect((await new AxeBuilder({ page }).include("#notifications").analyze()).violations.map((v) => v.id)).toEqual([]);
});
