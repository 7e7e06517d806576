-- Gas tariffs (`moygaz import tariffs`): the price of one m³ in kopecks for a use of gas,
-- with a meter or by the norm, valid from a date (YYYY-MM-DD) until the next one, and the
-- act that set it. An account's use decides which of its supplier's tariffs applies.
CREATE TABLE tariffs (
    id INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES providers (id),
    gas_use TEXT NOT NULL CHECK (gas_use IN ('cooking', 'cooking_water', 'heating')),
    metered BIGINT NOT NULL CHECK (metered IN (0, 1)),
    valid_from TEXT NOT NULL,
    kopecks_per_m3 BIGINT NOT NULL CHECK (kopecks_per_m3 > 0),
    act TEXT NOT NULL,
    UNIQUE (provider_id, gas_use, metered, valid_from)
);
ALTER TABLE accounts ADD COLUMN gas_use TEXT NOT NULL DEFAULT 'heating'
    CHECK (gas_use IN ('cooking', 'cooking_water', 'heating'));
