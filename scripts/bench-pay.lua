-- wrk script for scripts/bench-accounts.sh: POST /api/payments/create of the current debt
-- of one bound account (a pending payment row, a call to the acquirer, an update).
--   BENCH_COOKIE     the signed-in customer's session cookie (moygaz_session=…)
--   BENCH_ORIGIN     http://127.0.0.1:PORT
--   BENCH_ACCOUNT    the account's id
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Origin"] = os.getenv("BENCH_ORIGIN")
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.body = "account_id=" .. (os.getenv("BENCH_ACCOUNT") or "0") .. "&purpose=debt&amount="
