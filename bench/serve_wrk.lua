-- wrk script of bench/serve.sh: each request takes the next search-page path of a list, and the
-- end prints one line of figures for serve.sh to read.
--   wrk -t2 -c8 -d20s -s bench/serve_wrk.lua http://127.0.0.1:PORT -- PATHS_FILE
-- PATHS_FILE has one path a line (/search?q=...), already percent-encoded. Each wrk thread has
-- its own Lua state and walks the list from its own starting point, so the 8 connections ask
-- for different pages at the same time. done() prints
--   WRK requests=N seconds=S rps=R p50_ms=.. p95_ms=.. p99_ms=.. max_ms=.. non2xx=N socket_errors=N
-- non2xx is wrk's count of answers with a status of 400 or more (the server redirects nowhere, so
-- every answer that is not 2xx); socket_errors sums connect, read, write and timeout errors.
-- Latencies are wrk's (microseconds, printed in ms): from a request's send to its answer's end.

local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
end

local paths = {}
local position = 0

function init(args)
  local file = assert(io.open(args[1], "r"), "serve_wrk.lua: give the paths file after --")
  for line in file:lines() do
    if line ~= "" then table.insert(paths, line) end
  end
  file:close()
  assert(#paths > 0, "serve_wrk.lua: no paths in " .. args[1])
  -- Threads start a third of the list apart.
  position = ((id or 1) - 1) * math.floor(#paths / 3)
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    "WRK requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
