-- The account page's history sums each month's payments over a range of days
-- (`accounts::repo::history`): one index seek per month instead of grouping all of them.
CREATE INDEX billing_payments_by_day ON billing_payments (account_id, paid_on);
