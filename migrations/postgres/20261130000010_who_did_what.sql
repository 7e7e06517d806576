-- Who did what: a reading given in the portal keeps the customer who gave it, so the
-- extended history can say "Вы", "Другой клиент этого счёта" or "Биллинг поставщика".
-- NULL: billing's own reading (the import writes none), a portal reading from before this
-- column, or a customer who has since left (their id is not kept once the user is gone).
ALTER TABLE meter_readings ADD COLUMN submitted_by BIGINT REFERENCES users (id) ON DELETE SET NULL;

-- Deleting a user sets their readings' submitter to NULL: without this index that would
-- read every reading.
CREATE INDEX meter_readings_by_submitter ON meter_readings (submitted_by) WHERE submitted_by IS NOT NULL;
