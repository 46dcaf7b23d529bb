-- Load test of /api/search with wrk (not part of CI): each request takes the
-- next query of the benchmark file, URL-encoded; any non-200 answer counts
-- as an error. Loopback only, bounded by wrk's -d.
--
--   QUERIES=/tmp/q.txt wrk -t2 -c32 -d20s --timeout 10s --latency \
--       -s tests/browser/load.lua http://127.0.0.1:7700
local file = os.getenv("QUERIES") or "/tmp/q.txt"

local function encode(text)
  return (text:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local paths = {}
for line in io.lines(file) do
  if line ~= "" then
    paths[#paths + 1] = "/api/search?q=" .. encode(line)
  end
end
assert(#paths > 0, "no queries in " .. file)

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local next_query = 0
failed = 0 -- global: done() reads it with thread:get
function init()
  -- threads start at different places in the list
  next_query = id * 97
end

function request()
  next_query = next_query + 1
  return wrk.format("GET", paths[(next_query % #paths) + 1])
end

function response(status)
  if status ~= 200 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local non_200 = 0
  for _, thread in ipairs(threads) do
    non_200 = non_200 + thread:get("failed")
  end
  local e = summary.errors
  io.write(string.format(
    "requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non_200=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, non_200,
    e.connect + e.read + e.write + e.timeout))
end
