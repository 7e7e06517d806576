-- wrk script for scripts/bench-accounts.sh: POST /api/accounts/bind with a different account
-- number on every request, spread over the 1 000 000 accounts of scripts/gen-billing-csv.py
-- (account i is provider bench(i % 10), number 10000000 + i // 10).
--   BENCH_COOKIE     the signed-in customer's session cookie (moygaz_session=…)
--   BENCH_ORIGIN     http://127.0.0.1:PORT (state-changing requests need the portal's origin)
--   BENCH_PROVIDERS  the ten providers' database ids, comma-separated, bench0 first
--   BENCH_ROWS       how many accounts were imported (1000000)
--   BENCH_MODE       "known": numbers that exist (the first 20 bind, the rest answer 400
--                    "20 accounts already" after the same lookups); "unknown": numbers that
--                    exist at no provider (400 "no such account")
local providers = {}
for id in string.gmatch(os.getenv("BENCH_PROVIDERS") or "", "[^,]+") do
  providers[#providers + 1] = id
end
local rows = tonumber(os.getenv("BENCH_ROWS") or "1000000")
local known = (os.getenv("BENCH_MODE") or "known") == "known"

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Origin"] = os.getenv("BENCH_ORIGIN")
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + (tid or 0))
end

function request()
  local i = math.random(0, rows - 1)
  local provider = providers[(i % #providers) + 1]
  local number
  if known then
    number = 10000000 + math.floor(i / #providers)
  else
    number = 30000000 + math.floor(i / #providers)
  end
  return wrk.format(nil, nil, nil, "provider=" .. provider .. "&number=" .. number)
end
