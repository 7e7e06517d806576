//! The demo data set a fresh install loads, so a new user can walk the whole journey at
//! once. Listed in `docs/features.md`; tests rely on it. Loading it twice changes nothing: every
//! insert skips rows that already exist, and it all happens in one transaction.

use sqlx::AnyPool;

pub struct DemoProvider {
    pub code: &'static str,
    pub name: &'static str,
    pub region: &'static str,
    pub readings_window: (i64, i64),
    /// Pays for SMS notices to its customers (one demo supplier does, to show the column).
    pub sms_notices: bool,
}

pub struct DemoAccount {
    pub provider: &'static str,
    pub number: &'static str,
    pub owner: &'static str,
    pub address: &'static str,
    pub debt_kopecks: i64,
    pub pin: &'static str,
    pub meter_serial: &'static str,
    pub verification_due: &'static str,
    /// Monthly consumption in m³, oldest first, ending with last month.
    pub consumption: [i64; 12],
    /// The last accepted reading (end of last month), m³.
    pub last_reading: i64,
    /// Price of one m³ in kopecks, for the charges history.
    pub tariff_kopecks: i64,
}

/// The last billed month; the history runs twelve months up to it.
pub const LAST_PERIOD: (i32, u32) = (2026, 10);

pub const PROVIDERS: &[DemoProvider] = &[
    DemoProvider {
        code: "demo",
        name: "Демонстрационный поставщик",
        region: "г. Москва",
        readings_window: (15, 25),
        sms_notices: false,
    },
    DemoProvider {
        code: "volga",
        name: "ООО «Волгагаз-Расчёт»",
        region: "Самарская область",
        readings_window: (20, 26),
        sms_notices: false,
    },
    DemoProvider {
        code: "ural",
        name: "АО «Уралгазсбыт»",
        region: "Свердловская область",
        readings_window: (18, 25),
        sms_notices: false,
    },
    DemoProvider {
        code: "sever",
        name: "ООО «Северная газовая компания»",
        region: "Архангельская область",
        readings_window: (15, 25),
        sms_notices: true,
    },
];

pub const ACCOUNTS: &[DemoAccount] = &[
    // The seed's account: receipt 023-185952, portal 23185952.
    DemoAccount {
        provider: "demo",
        number: "23185952",
        owner: "Иванов Иван Иванович",
        address: "г. Москва, ул. Ленина, д. 5, кв. 12",
        debt_kopecks: 123_456,
        pin: "4821",
        meter_serial: "12345678",
        verification_due: "2029-05-14",
        consumption: [96, 118, 150, 171, 163, 139, 104, 71, 52, 49, 83, 145],
        last_reading: 1520,
        // 123 456 kopecks / 145 m³ is not whole; the last charge is set explicitly below.
        tariff_kopecks: 851,
    },
    DemoAccount {
        provider: "demo",
        number: "45003817",
        owner: "Петрова Анна Сергеевна",
        address: "г. Москва, ул. Садовая-Кудринская, д. 24, кв. 7",
        debt_kopecks: 0,
        pin: "7310",
        meter_serial: "ГР-2019-77415",
        verification_due: "2027-02-01",
        consumption: [40, 52, 66, 75, 70, 61, 45, 30, 22, 21, 35, 58],
        last_reading: 8044,
        tariff_kopecks: 851,
    },
    // The same number at another provider: binding must look it up per provider.
    DemoAccount {
        provider: "volga",
        number: "23185952",
        owner: "Смирнов Пётр Алексеевич",
        address: "г. Самара, пр-т Кирова, д. 112, кв. 40",
        debt_kopecks: 56_780,
        pin: "1594",
        meter_serial: "SG-4400172",
        verification_due: "2031-09-30",
        consumption: [80, 101, 130, 142, 138, 120, 88, 60, 41, 40, 70, 112],
        last_reading: 30417,
        tariff_kopecks: 742,
    },
    DemoAccount {
        provider: "ural",
        number: "700112233",
        owner: "Кузнецова Мария Игоревна",
        address: "г. Екатеринбург, ул. Малышева, д. 3, кв. 101",
        debt_kopecks: 215_000,
        pin: "2468",
        meter_serial: "BK-G4-0099812",
        verification_due: "2026-12-20",
        consumption: [110, 140, 180, 200, 190, 160, 120, 80, 60, 55, 90, 160],
        last_reading: 12005,
        tariff_kopecks: 795,
    },
    DemoAccount {
        provider: "sever",
        number: "100200",
        owner: "Орлов Дмитрий Николаевич",
        address: "г. Архангельск, наб. Северной Двины, д. 30, кв. 15",
        debt_kopecks: 9_900,
        pin: "9753",
        meter_serial: "00045127",
        verification_due: "2028-03-11",
        consumption: [60, 75, 95, 110, 104, 88, 64, 44, 31, 30, 50, 85],
        last_reading: 4471,
        tariff_kopecks: 903,
    },
];

/// The seed's account's last charge, `123456` kopecks (1 234,56 ₽).
const SEED_LAST_CHARGE: i64 = 123_456;

/// `(year, month)` `back` months before `LAST_PERIOD`, as `YYYY-MM`.
fn period(back: u32) -> String {
    let (y, m) = LAST_PERIOD;
    let index = y * 12 + (m as i32 - 1) - back as i32;
    format!("{:04}-{:02}", index / 12, index % 12 + 1)
}

/// The demo tariffs' start and act.
const TARIFF_FROM: &str = "2025-07-01";
const TARIFF_ACT: &str = "Демонстрационный тариф (постановление РЭК № 00-демо от 20.06.2025)";

pub async fn load(pool: &AnyPool) -> anyhow::Result<DemoSummary> {
    // Hash the PINs before opening the transaction: argon2 is slow on purpose.
    let mut pin_hashes = Vec::with_capacity(ACCOUNTS.len());
    for a in ACCOUNTS {
        pin_hashes.push(app::secret_hash::hash_blocking(a.pin.to_owned()).await);
    }
    let mut tx = pool.begin().await?;
    let mut summary = DemoSummary::default();
    for p in PROVIDERS {
        summary.providers += sqlx::query(
            "INSERT INTO providers (code, name, region, readings_from_day, readings_to_day, sms_notices) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING",
        )
        .bind(p.code)
        .bind(p.name)
        .bind(p.region)
        .bind(p.readings_window.0)
        .bind(p.readings_window.1)
        .bind(i64::from(p.sms_notices))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    // Each supplier's price for heating with a meter, the one every demo charge was billed at.
    for a in ACCOUNTS {
        sqlx::query(
            "INSERT INTO tariffs (provider_id, gas_use, metered, valid_from, kopecks_per_m3, act) \
             SELECT id, 'heating', 1, $2, $3, $4 FROM providers WHERE code = $1 \
             ON CONFLICT (provider_id, gas_use, metered, valid_from) DO NOTHING",
        )
        .bind(a.provider)
        .bind(TARIFF_FROM)
        .bind(a.tariff_kopecks)
        .bind(TARIFF_ACT)
        .execute(&mut *tx)
        .await?;
    }
    for (a, pin_hash) in ACCOUNTS.iter().zip(pin_hashes) {
        let last_charge = if a.number == "23185952" && a.provider == "demo" {
            SEED_LAST_CHARGE
        } else {
            a.consumption[11] * a.tariff_kopecks
        };
        let inserted = sqlx::query(
            "INSERT INTO accounts (provider_id, number, owner_name, address, debt_kopecks, last_charge_kopecks, pin_hash) \
             SELECT id, $2, $3, $4, $5, $6, $7 FROM providers WHERE code = $1 \
             ON CONFLICT (provider_id, number) DO NOTHING",
        )
        .bind(a.provider)
        .bind(a.number)
        .bind(a.owner)
        .bind(a.address)
        .bind(a.debt_kopecks)
        .bind(last_charge)
        .bind(pin_hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        summary.accounts += inserted;
        if inserted == 0 {
            continue;
        }
        let (account_id,): (i64,) = sqlx::query_as(
            "SELECT a.id FROM accounts a JOIN providers p ON p.id = a.provider_id \
             WHERE p.code = $1 AND a.number = $2",
        )
        .bind(a.provider)
        .bind(a.number)
        .fetch_one(&mut *tx)
        .await?;
        let (meter_id,): (i64,) = sqlx::query_as(
            "INSERT INTO meters (account_id, serial, verification_due) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(account_id)
        .bind(a.meter_serial)
        .bind(a.verification_due)
        .fetch_one(&mut *tx)
        .await?;
        let mut reading = a.last_reading;
        for back in 0..12u32 {
            let used = a.consumption[11 - back as usize];
            let amount = if back == 0 { last_charge } else { used * a.tariff_kopecks };
            sqlx::query(
                "INSERT INTO charges (account_id, period, amount_kopecks, consumption_m3) VALUES ($1, $2, $3, $4)",
            )
            .bind(account_id)
            .bind(period(back))
            .bind(amount)
            .bind(used)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO meter_readings (meter_id, period, value, source, accepted_at) VALUES ($1, $2, $3, 'billing', 0)",
            )
            .bind(meter_id)
            .bind(period(back))
            .bind(reading)
            .execute(&mut *tx)
            .await?;
            reading -= used;
            if back >= 1 {
                // Paid in full each month but the last, whose charge is the current debt.
                sqlx::query(
                    "INSERT INTO billing_payments (account_id, external_id, paid_on, amount_kopecks) VALUES ($1, $2, $3, $4)",
                )
                .bind(account_id)
                .bind(format!("demo-{}", period(back)))
                .bind(format!("{}-20", period(back - 1)))
                .bind(amount)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(summary)
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub providers: u64,
    pub accounts: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_count_back_across_the_year() {
        assert_eq!(period(0), "2026-10");
        assert_eq!(period(9), "2026-01");
        assert_eq!(period(10), "2025-12");
        assert_eq!(period(11), "2025-11");
    }

    #[test]
    fn seed_account_is_in_the_set() {
        let seed = ACCOUNTS.iter().find(|a| a.provider == "demo" && a.number == "23185952").unwrap();
        assert_eq!(seed.last_reading, 1520);
        assert_eq!(seed.pin, "4821");
        assert_eq!(seed.debt_kopecks, 123_456);
    }
}
