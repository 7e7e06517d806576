-- Autopay (`app::payments::autopay`), one per account. A customer with extended access
-- saves a card at the acquirer with a first payment (`setup_payment_id`); once it succeeds
-- with the card saved, autopay is 'active' and pays the debt, up to the cap, on the chosen
-- day after new charges; 'paused' once a charge and its retry failed. Turning it off
-- deletes the row, and with it the saved method's id.
CREATE TABLE autopays (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL UNIQUE REFERENCES accounts (id),
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day_of_month INTEGER NOT NULL CHECK (day_of_month BETWEEN 1 AND 28),
    cap_kopecks INTEGER NOT NULL CHECK (cap_kopecks > 0),
    status TEXT NOT NULL CHECK (status IN ('setup', 'active', 'paused')),
    acquirer TEXT NOT NULL,
    method_id TEXT,
    method_title TEXT,
    setup_payment_id INTEGER REFERENCES payments (id),
    consented_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX autopays_by_day ON autopays (status, day_of_month);

-- What autopay did for an account's period: attempt 1 on the chosen day, 2 the day after a
-- failure. The unique key makes each once, however many instances run the scheduler; a
-- month the customer skipped holds attempt 1 as 'skipped'.
CREATE TABLE autopay_charges (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    period TEXT NOT NULL,
    attempt INTEGER NOT NULL CHECK (attempt IN (1, 2)),
    outcome TEXT NOT NULL CHECK (outcome IN ('skipped', 'nothing', 'charging', 'succeeded', 'failed', 'attention')),
    payment_id INTEGER REFERENCES payments (id),
    created_at INTEGER NOT NULL,
    UNIQUE (account_id, period, attempt)
);
CREATE INDEX autopay_charges_by_payment ON autopay_charges (payment_id);

-- The sandbox acquirer saves cards too, so the embedded default shows the whole flow.
ALTER TABLE sandbox_payments ADD COLUMN save_method INTEGER NOT NULL DEFAULT 0 CHECK (save_method IN (0, 1));
ALTER TABLE sandbox_payments ADD COLUMN method_id TEXT;
CREATE TABLE sandbox_methods (
    id TEXT NOT NULL PRIMARY KEY,
    title TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
