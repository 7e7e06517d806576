import { test, expect, openHydrated, snap, newCustomer, bindAccount } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";

// The portal under test runs on 17 November 2026 by its own clock (playwright.config.ts).

test("submit a reading for 23185952, correct it, and see a closed window elsewhere", async ({ page }, info) => {
  await newCustomer(page, "readings");
  await bindAccount(page, /Демонстрационный поставщик/, "23185952");

  await openHydrated(page, "/cabinet");
  await page.getByRole("link", { name: "Передать показания" }).click();
  await expect(page).toHaveURL(/\/accounts\/\d+\/readings$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("heading", { name: "Показания за ноябрь 2026" })).toBeVisible();
  await expect(page.getByText("Последние принятые: 1520 м³ (октябрь 2026)")).toBeVisible();
  const field = page.getByLabel("Счётчик газа: новые показания, м³");

  // Below the last reading: refused in the browser by the same rule as on the server.
  await field.fill("1510");
  await page.getByRole("button", { name: "Передать показания" }).click();
  await expect(page.getByText("Показания не могут быть меньше последних принятых: 1520 м³")).toBeVisible();

  // As the customer types, the volume since the last reading at today's tariff (8,51 ₽/м³).
  await field.fill("1600");
  await expect(page.getByText("≈ 80 м³ × 8,51 ₽ = 680,80 ₽")).toBeVisible();
  await page.getByRole("button", { name: "Передать показания" }).click();
  // (Another test's customer may have given this shared demo account's reading already.)
  await expect(page.getByText(/^Показания 1600 м³ за ноябрь 2026 приняты/)).toBeVisible();
  await snap(page, "readings", info.project.name);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  // A second reading in the same period replaces the first.
  await page.reload();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByText("В этом месяце уже переданы показания 1600 м³. Новые заменят их.")).toBeVisible();
  await field.fill("1612");
  await page.getByRole("button", { name: "Передать показания" }).click();
  await expect(page.getByText("Показания 1612 м³ за ноябрь 2026 приняты и заменили переданные ранее.")).toBeVisible();

  // Волгагаз-Расчёт takes readings from the 20th: the form says when it opens.
  await openHydrated(page, "/accounts/bind");
  await bindAccount(page, /Волгагаз-Расчёт/, "23185952");
  await page.getByRole("link", { name: "Открыть лицевой счёт" }).click();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("link", { name: "Передать показания" }).click();
  await expect(page.getByText("Приём показаний с 20 по 26 число. Передать показания можно будет с 20.11.2026.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Передать показания" })).toBeDisabled();
  await snap(page, "readings-closed", info.project.name);
});
