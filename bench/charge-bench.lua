-- wrk script for charge-bench.sh: POST /v1/charges on a random token from tokens.txt, each
-- request with its own Idempotency-Key (the baseline's idempotency insert has its counterpart).
local tokens = {}
local secret = os.getenv("BENCH_SECRET")
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    tokens[#tokens + 1] = line
  end
  math.randomseed(os.time() + (tid or 0) * 7919)
end

function request()
  counter = counter + 1
  local token = tokens[math.random(#tokens)]
  local body = '{"token":"' .. token .. '","amount":1000,"currency":"EUR","reference":"bench"}'
  local headers = {
    ["Authorization"] = "Bearer " .. secret,
    ["Content-Type"] = "application/json",
  }
  if os.getenv("BENCH_NO_IDEMPOTENCY_KEY") ~= "1" then
    headers["Idempotency-Key"] = string.format("bench-%d-%d-%d-%d", tid or 0, counter, os.time(), math.random(1e9))
  end
  return wrk.format("POST", "/v1/charges", headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("BENCH requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
