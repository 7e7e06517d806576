//! Gas tariffs and what a volume of gas costs: the price of one m³ in kopecks (exact
//! integers: 8,55 ₽/м³ is 855), for a use of gas, valid from a date. Browser and server
//! compute the same figures with this code.

use super::bill::Period;
use super::money::Kopecks;
use super::time::{day_number, days_in_month};
use serde::{Deserialize, Serialize};

/// What the gas is used for: the tariff differs by use (постановления региональных
/// энергетических комиссий).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GasUse {
    /// Приготовление пищи (плита).
    Cooking,
    /// Приготовление пищи и подогрев воды (плита и колонка).
    CookingAndWater,
    /// Отопление вместе с другими нуждами.
    Heating,
}

impl GasUse {
    pub const ALL: [GasUse; 3] = [GasUse::Cooking, GasUse::CookingAndWater, GasUse::Heating];

    pub fn code(self) -> &'static str {
        match self {
            GasUse::Cooking => "cooking",
            GasUse::CookingAndWater => "cooking_water",
            GasUse::Heating => "heating",
        }
    }

    pub fn from_code(code: &str) -> Option<GasUse> {
        GasUse::ALL.into_iter().find(|u| u.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            GasUse::Cooking => "приготовление пищи",
            GasUse::CookingAndWater => "приготовление пищи и подогрев воды",
            GasUse::Heating => "отопление и другие нужды",
        }
    }
}

/// A price valid from a day (days since 1970-01-01, `time::day_number`) until the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    pub from_day: i64,
    pub kopecks_per_m3: i64,
}

/// The cost of `volume_m3` used over the days `first..=last`, at the prices in force on each
/// day. Where the price changed in between, the volume is shared out by days (the same
/// amount of gas every day: there is no reading at the change), each share costed at its
/// price, and the sum rounded to the kopeck once, half up. `prices` in any order; a day
/// before the first price has none, and `None` is returned.
pub fn cost(volume_m3: i64, first: i64, last: i64, prices: &[Price]) -> Option<Kopecks> {
    if last < first || volume_m3 < 0 {
        return None;
    }
    let mut sorted: Vec<Price> = prices.to_vec();
    sorted.sort_by_key(|p| p.from_day);
    let days = i128::from(last - first + 1);
    let mut numerator: i128 = 0;
    for (i, price) in sorted.iter().enumerate() {
        let until = sorted.get(i + 1).map_or(i64::MAX, |next| next.from_day - 1);
        let (from, to) = (price.from_day.max(first), until.min(last));
        if from <= to {
            numerator += i128::from(to - from + 1) * i128::from(price.kopecks_per_m3);
        }
    }
    if sorted.first().is_none_or(|p| p.from_day > first) {
        return None;
    }
    let total = numerator * i128::from(volume_m3);
    Some(Kopecks(((total * 2 + days) / (2 * days)) as i64))
}

/// The price in force on `day`.
pub fn price_on(day: i64, prices: &[Price]) -> Option<i64> {
    prices.iter().filter(|p| p.from_day <= day).max_by_key(|p| p.from_day).map(|p| p.kopecks_per_m3)
}

/// `≈ 17 м³ × 8,55 ₽ = 145,35 ₽`: what the readings form says as the customer types.
pub fn estimate(volume_m3: i64, kopecks_per_m3: i64) -> String {
    let total = Kopecks(volume_m3 * kopecks_per_m3);
    format!("≈ {volume_m3} м³ × {} = {}", Kopecks(kopecks_per_m3).format_rub(), total.format_rub())
}

/// A month of the history against the tariff: whether billing charged volume × price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reckoning {
    /// The charge is the volume at the tariff: `145 м³ × 8,51 ₽ = 1 233,95 ₽`.
    Agrees(String),
    /// Billing charged another amount (by the norm or the average, without readings);
    /// `by_tariff` is what the volume costs at the tariff.
    Differs { by_tariff: Kopecks },
}

/// The month's volume at the prices in force on its days, against what billing charged.
/// `None` when a day of the month has no price.
pub fn reckon(period: Period, volume_m3: i64, charged: Kopecks, prices: &[Price]) -> Option<Reckoning> {
    let first = day_number((period.year, period.month, 1));
    let last = day_number((period.year, period.month, days_in_month(period.year, period.month)));
    let by_tariff = cost(volume_m3, first, last, prices)?;
    if by_tariff != charged {
        return Some(Reckoning::Differs { by_tariff });
    }
    let mut in_force: Vec<i64> = Vec::new();
    for day in [first, last]
        .into_iter()
        .chain(prices.iter().map(|p| p.from_day).filter(|d| (first..=last).contains(d)))
    {
        if let Some(price) = price_on(day, prices).filter(|p| !in_force.contains(p)) {
            in_force.push(price);
        }
    }
    let price = match in_force.as_slice() {
        [one] => format!("× {}", Kopecks(*one).format_rub()),
        many => {
            let listed: Vec<String> = many.iter().map(|p| Kopecks(*p).format_rub()).collect();
            format!("по ценам {} (по дням)", listed.join(" и "))
        }
    };
    Some(Reckoning::Agrees(format!("{volume_m3} м³ {price} = {}", by_tariff.format_rub())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::day_number;

    fn day(y: i64, m: u32, d: u32) -> i64 {
        day_number((y, m, d))
    }

    #[test]
    fn the_form_says_volume_price_and_sum() {
        assert_eq!(estimate(17, 855), "≈ 17 м³ × 8,55 ₽ = 145,35 ₽");
        assert_eq!(estimate(0, 855), "≈ 0 м³ × 8,55 ₽ = 0,00 ₽");
    }

    #[test]
    fn one_price_is_volume_times_price() {
        let prices = [Price { from_day: day(2026, 7, 1), kopecks_per_m3: 855 }];
        assert_eq!(cost(17, day(2026, 10, 26), day(2026, 11, 25), &prices), Some(Kopecks(14_535)));
        assert_eq!(price_on(day(2026, 11, 1), &prices), Some(855));
        assert_eq!(price_on(day(2026, 6, 30), &prices), None);
        assert_eq!(
            cost(17, day(2026, 6, 30), day(2026, 7, 5), &prices),
            None,
            "no price yet on the first day"
        );
    }

    #[test]
    fn a_month_agrees_with_its_charge_or_is_marked() {
        let prices = [Price { from_day: day(2025, 7, 1), kopecks_per_m3: 851 }];
        let november = Period { year: 2026, month: 11 };
        assert_eq!(
            reckon(november, 145, Kopecks(123_395), &prices),
            Some(Reckoning::Agrees("145 м³ × 8,51 ₽ = 1 233,95 ₽".into()))
        );
        assert_eq!(
            reckon(november, 145, Kopecks(123_456), &prices),
            Some(Reckoning::Differs { by_tariff: Kopecks(123_395) })
        );
        assert_eq!(reckon(Period { year: 2025, month: 6 }, 10, Kopecks(8_510), &prices), None);
        // July 2026: 10 days at 8,00, then 21 at 9,00; 31 m³ cost 10 × 8,00 + 21 × 9,00.
        let changed = [
            Price { from_day: day(2026, 1, 1), kopecks_per_m3: 800 },
            Price { from_day: day(2026, 7, 11), kopecks_per_m3: 900 },
        ];
        assert_eq!(
            reckon(Period { year: 2026, month: 7 }, 31, Kopecks(26_900), &changed),
            Some(Reckoning::Agrees("31 м³ по ценам 8,00 ₽ и 9,00 ₽ (по дням) = 269,00 ₽".into()))
        );
    }

    #[test]
    fn a_price_change_splits_the_volume_by_days() {
        // 30 days, the price goes from 8,00 to 9,00 ₽ after 10 of them: 10 days at 8,00 and 20 at 9,00.
        let prices = [
            Price { from_day: day(2026, 7, 11), kopecks_per_m3: 900 },
            Price { from_day: day(2026, 1, 1), kopecks_per_m3: 800 },
        ];
        let (first, last) = (day(2026, 7, 1), day(2026, 7, 30));
        // 30 m³: 10 m³ × 8,00 + 20 m³ × 9,00 = 260,00 ₽.
        assert_eq!(cost(30, first, last, &prices), Some(Kopecks(26_000)));
        // 7 m³: 7 × (10 × 800 + 20 × 900) / 30 = 6 066,67 kopecks, rounded once.
        assert_eq!(cost(7, first, last, &prices), Some(Kopecks(6_067)));
        assert_eq!(cost(1, last, first, &prices), None);
    }
}
