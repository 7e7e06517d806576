-- Every signed-in page counts the customer's unread notifications in the statement that
-- reads the session. Through `notifications_by_user` that count visits every notification
-- the customer ever had (a few hundred after some years); this index holds only the unread
-- ones, so the count costs what the bell shows.
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
