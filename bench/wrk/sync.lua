-- wrk script: one sync per backup uuid in $UUIDS (each thread takes every n-th line), so no backup is synced
-- twice; a thread stops once its share is answered. done() prints one line for bench/throughput.sh:
--   RESULT <requests> <seconds> <requests/s> <p50 ms> <p99 ms> <unexpected answers>
local threads, next_id = {}, 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  uuids, sent, answered, unexpected = {}, 0, 0, 0
  local i, count = 0, tonumber(os.getenv("THREADS"))
  for line in io.lines(os.getenv("UUIDS")) do
    if i % count == id then table.insert(uuids, line) end
    i = i + 1
  end
  expected = tonumber(os.getenv("EXPECT") or "200")
  body = '{"syncDatabaseBackupFromImageStoreBackupStorage":{"srcBackupStorageUuid":"' .. os.getenv("SRC")
      .. '","dstBackupStorageUuid":"' .. os.getenv("DST") .. '"}}'
  headers = {["Content-Type"] = "application/json", ["Authorization"] = "OAuth " .. os.getenv("SESSION")}
end

function request()
  -- Past the end (a connection asking while the last answers are in flight) repeats the last backup: counted.
  sent = sent + 1
  local uuid = uuids[math.min(sent, #uuids)]
  return wrk.format("PUT", "/zstack/v1/database-backups/" .. uuid .. "/actions", headers, body)
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= expected then unexpected = unexpected + 1 end
  if answered >= #uuids then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("unexpected") end
  bad = bad + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT %d %.3f %.1f %.2f %.2f %d\n", summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad))
end
