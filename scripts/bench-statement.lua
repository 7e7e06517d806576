-- wrk script: statements of different periods in turn (twelve months each, ending in each
-- of the last twelve months), so Typst's memoisation cannot serve one document over again.
local i = 0
request = function()
  i = i + 1
  local to = 2026 * 12 + 9 - (i % 12)          -- 2026-10, 2026-09, …
  local from = to - 11
  local function ym(n) return string.format("%04d-%02d", math.floor(n / 12), n % 12 + 1) end
  return wrk.format("GET", wrk.path .. "?from=" .. ym(from) .. "&to=" .. ym(to))
end
