-- wrk script for charge-bench.sh and suite.sh: POST /v1/charges on a random token from BENCH_TOKENS,
-- each request with its own Idempotency-Key (the baseline's idempotency insert has its counterpart).
local common = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "wrk-common.lua")
local tokens = {}
local secret = os.getenv("BENCH_SECRET")
local counter = 0

setup = common.setup
done = common.done

function init(args)
  tokens = common.lines(os.getenv("BENCH_TOKENS"))
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
