-- wrk script: sync requests that fail validation (no dstBackupStorageUuid: SYS.1007, HTTP 503), after a valid
-- session check. done() prints the same RESULT line as sync.lua.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

wrk.method = "PUT"
wrk.body = '{"syncDatabaseBackupFromImageStoreBackupStorage":{"srcBackupStorageUuid":"0123456789abcdef0123456789abcdef"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "OAuth " .. os.getenv("SESSION")
unexpected = 0

function response(status, headers, body)
  if status ~= 503 or not string.find(body, '"SYS.1007"', 1, true) then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("unexpected") end
  bad = bad + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT %d %.3f %.1f %.2f %.2f %d\n", summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad))
end
