#!/usr/bin/env bash
# The bell's count of unread notifications, read with the session on every signed-in page:
# 20 000 counts over 1 000 customers with 200 notifications each (1 in 100 unread), on the
# schema of the SQLite migrations, without and with `notifications_unread`
# (migrations/*/20261207000021_unread_notifications.sql). Needs sqlite3 (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=$(mktemp -d)
trap 'rm -rf "$DB"' EXIT
count="WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20000) \
SELECT SUM((SELECT COUNT(*) FROM notifications n WHERE n.user_id = c.i % 1000 AND n.read_at IS NULL)) FROM c;"
timed() { printf ".timer on\n%s\n" "$count" | sqlite3 "$DB/n.db" | awk '/Run Time/ {printf "%.2f", $4 * 1e6 / 20000}'; }
sqlite3 "$DB/n.db" < migrations/sqlite/20261205000013_notifications.sql
sqlite3 "$DB/n.db" "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200000) \
  INSERT INTO notifications (user_id, kind, dedup_key, title, body, link, batch, created_at, read_at) \
  SELECT i % 1000, 'readings_window', i, 'Передайте показания', 'Окно приёма показаний открыто', \
  '/accounts/1/readings', 'b', i, CASE WHEN i % 100 = 0 THEN NULL ELSE i END FROM c; ANALYZE;"
before=$(timed)
sqlite3 "$DB/n.db" < migrations/sqlite/20261207000021_unread_notifications.sql
sqlite3 "$DB/n.db" "ANALYZE;"
after=$(timed)
echo "| index | µs per count |"
echo "|---|---:|"
echo "| \`notifications_by_user\` (every notification of the customer) | $before |"
echo "| \`notifications_unread\` (only the unread ones) | $after |"
