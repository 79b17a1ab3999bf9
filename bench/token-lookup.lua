-- wrk script for suite.sh: GET /v1/tokens/{token} on a random token from BENCH_TOKENS.
local common = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "wrk-common.lua")
local tokens = {}
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_SECRET") }

setup = common.setup
done = common.done

function init(args)
  tokens = common.lines(os.getenv("BENCH_TOKENS"))
  math.randomseed(os.time() + (tid or 0) * 7919)
end

function request()
  return wrk.format("GET", "/v1/tokens/" .. tokens[math.random(#tokens)], headers)
end
