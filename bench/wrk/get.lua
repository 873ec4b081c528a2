-- wrk script for the cheap GET routes, where wrk (C, a few percent of a core) is the right tool: at thousands of
-- requests per second a JVM client would take as much CPU as the service it measures.
--
--   wrk ... -s bench/wrk/get.lua URL -- plain                      GET the URL's path as it is (e.g. /health/live)
--   wrk ... -s bench/wrk/get.lua URL -- tokens FILE                GET /user/{login} with "Authorization: Bearer
--                                                                   {token}", cycling through FILE's "login token" lines
--   wrk ... -s bench/wrk/get.lua URL -- admin TOKEN PREFIX COUNT   GET /user/{PREFIX}{random 0..COUNT-1, 7 digits} as
--                                                                   the admin: random lookups in a large store
--
-- Prints one JSON line at the end: requests/s, latency percentiles (all responses) and the count of every status.

local mode, pairs_list, admin_token, prefix, count
local next_index = 0
statuses = {} -- global: read from each thread by done() through thread:get

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads) -- every thread has its own Lua state: give each its own random sequence
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  mode = args[1] or "plain"
  if mode == "tokens" then
    pairs_list = {}
    for line in io.lines(args[2]) do
      local login, token = line:match("^(%S+) (%S+)$")
      if login then
        table.insert(pairs_list, { path = "/user/" .. login, header = "Bearer " .. token })
      end
    end
    -- each thread starts at a different point of the list, so connections do not all ask for the same user
    next_index = math.random(#pairs_list) - 1
  elseif mode == "admin" then
    admin_token, prefix, count = "Bearer " .. args[2], args[3], tonumber(args[4])
  end
end

function request()
  if mode == "tokens" then
    next_index = next_index % #pairs_list + 1
    local pair = pairs_list[next_index]
    return wrk.format("GET", pair.path, { ["Authorization"] = pair.header })
  elseif mode == "admin" then
    local path = string.format("/user/%s%07d", prefix, math.random(0, count - 1))
    return wrk.format("GET", path, { ["Authorization"] = admin_token })
  end
  return wrk.format("GET", wrk.path)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + n
    end
  end
  local parts = {}
  local ok = 0
  for status, n in pairs(merged) do
    table.insert(parts, string.format('"%d":%d', status, n))
    if status == 200 then ok = ok + n end
  end
  local secs = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests":%d,"ok":%d,"secs":%.3f,"rps":%.1f,"okPerSec":%.1f,"p50Ms":%.3f,"p90Ms":%.3f,"p99Ms":%.3f,"maxMs":%.3f,' ..
    '"socketErrors":%d,"statuses":{%s}}\n',
    summary.requests, ok, secs, summary.requests / secs, ok / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors, table.concat(parts, ",")))
end
