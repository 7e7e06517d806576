-- wrk script for scripts/bench-accounts.sh: POST /api/readings/submit round-robin over the
-- customer's meters, with a value that grows by one on every request of a thread (a value
-- below the last accepted reading would be refused with 400).
--   BENCH_COOKIE    the signed-in customer's session cookie (moygaz_session=…)
--   BENCH_ORIGIN    http://127.0.0.1:PORT
--   BENCH_METERS    "account_id:meter_id,…" of the customer's bound accounts
--   BENCH_START     the first value (not below the meters' last billing reading)
local meters = {}
for account, meter in string.gmatch(os.getenv("BENCH_METERS") or "", "(%d+):(%d+)") do
  meters[#meters + 1] = { account, meter }
end

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

local n = 0
local value = 0
function init(args)
  n = (tid or 1) - 1
  value = tonumber(os.getenv("BENCH_START") or "1000")
end

function request()
  n = n + 1
  value = value + 1
  local m = meters[(n % #meters) + 1]
  return wrk.format(nil, nil, nil, "account_id=" .. m[1] .. "&meter_id=" .. m[2] .. "&value=" .. value)
end
