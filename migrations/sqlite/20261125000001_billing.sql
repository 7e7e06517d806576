-- Billing data: what each provider's billing system knows. Loaded by `moygaz import`
-- (and `moygaz demo`). Times are Unix seconds; money is integer kopecks; periods 'YYYY-MM'.

CREATE TABLE providers (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    region TEXT NOT NULL,
    readings_from_day INTEGER NOT NULL DEFAULT 15 CHECK (readings_from_day BETWEEN 1 AND 31),
    readings_to_day INTEGER NOT NULL DEFAULT 25 CHECK (readings_to_day BETWEEN 1 AND 31)
);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES providers (id),
    number TEXT NOT NULL,
    owner_name TEXT NOT NULL,
    address TEXT NOT NULL,
    debt_kopecks BIGINT NOT NULL DEFAULT 0,
    last_charge_kopecks BIGINT,
    pin_hash TEXT,
    UNIQUE (provider_id, number)
);

CREATE TABLE meters (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    serial TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT 'Счётчик газа',
    digits INTEGER NOT NULL DEFAULT 5,
    verification_due TEXT,
    UNIQUE (account_id, serial)
);

CREATE TABLE meter_readings (
    id INTEGER PRIMARY KEY,
    meter_id INTEGER NOT NULL REFERENCES meters (id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    value BIGINT NOT NULL CHECK (value >= 0),
    source TEXT NOT NULL CHECK (source IN ('billing', 'portal')),
    accepted_at BIGINT NOT NULL,
    UNIQUE (meter_id, period, source)
);

CREATE TABLE charges (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    amount_kopecks BIGINT NOT NULL,
    consumption_m3 BIGINT NOT NULL DEFAULT 0,
    UNIQUE (account_id, period)
);

CREATE TABLE billing_payments (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    external_id TEXT NOT NULL,
    paid_on TEXT NOT NULL,
    amount_kopecks BIGINT NOT NULL,
    UNIQUE (account_id, external_id)
);
