-- SMS notices cost the supplier money: each supplier turns them on for its own customers
-- (`sms_notices`, off by default), and a notification names the supplier it is about, so
-- its SMS goes only where that supplier pays (answers and security notices have none: they
-- go to the customer's contact as before).
ALTER TABLE providers ADD COLUMN sms_notices BIGINT NOT NULL DEFAULT 0 CHECK (sms_notices IN (0, 1));
ALTER TABLE notifications ADD COLUMN provider_id BIGINT REFERENCES providers (id);
