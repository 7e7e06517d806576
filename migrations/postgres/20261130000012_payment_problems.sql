-- A payment the acquirer reports as succeeded but for another amount or in another currency
-- is never credited: it ends as 'attention' (final) for the operators, keeping what the
-- acquirer reported (amount in the currency's minor units, ISO 4217 code) and when it was
-- seen.

ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
    CHECK (status IN ('pending', 'succeeded', 'canceled', 'attention'));
ALTER TABLE payments ADD COLUMN reported_amount_kopecks BIGINT;
ALTER TABLE payments ADD COLUMN reported_currency TEXT;
ALTER TABLE payments ADD COLUMN attention_at BIGINT;
