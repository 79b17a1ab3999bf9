-- wrk script for suite.sh: POST /v1/checkout/sessions/{id}/complete, once for each "session_id code"
-- line of BENCH_SESSIONS (bench/checkout-sessions.py). A code works once, so each thread takes its own
-- share of the lines and stops when it has sent them all; the suite then ends wrk and takes the rate
-- from the sessions' completion times in PostgreSQL (wrk's own duration includes the idle tail).
local common = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "wrk-common.lua")
local sessions = {}
local next_session = 0
local headers = {
  ["Authorization"] = "Bearer " .. os.getenv("BENCH_SECRET"),
  ["Content-Type"] = "application/json",
}

setup = common.setup
done = common.done

function init(args)
  sessions = common.lines(os.getenv("BENCH_SESSIONS"), tid, tonumber(os.getenv("BENCH_WRK_THREADS")))
end

function request()
  next_session = next_session + 1
  local line = sessions[next_session]
  if not line then
    wrk.thread:stop()
    -- request() must return something; a read that changes nothing, in case it still goes out.
    return wrk.format("GET", "/actuator/health")
  end
  local id, code = line:match("^(%S+) (%S+)$")
  return wrk.format("POST", "/v1/checkout/sessions/" .. id .. "/complete", headers, '{"code":"' .. code .. '"}')
end
