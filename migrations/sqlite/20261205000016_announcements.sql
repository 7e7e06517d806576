-- Operators' announcements to every customer of a supplier. A draft is written on preview
-- and sent once (`sent_at`); who prepared and who sent it is in the audit log.
CREATE TABLE announcements (
    id INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES providers (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    recipients BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX announcements_newest ON announcements (created_at);
