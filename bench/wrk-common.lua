-- Shared by the wrk scripts of bench/ (loaded with dofile from the script's own directory): thread
-- numbering, reading a list file, and the one "BENCH key=value ..." line the shell scripts parse.
local common = {}
local threads = {}

-- setup() runs in wrk's main Lua state once per thread: number the threads 1..n.
function common.setup(thread)
  threads[#threads + 1] = thread
  thread:set("tid", #threads)
end

-- The lines of a file; with nthreads, only this thread's share (every nthreads-th line), so threads
-- never use the same line (for single-use items such as checkout codes).
function common.lines(path, tid, nthreads)
  local out, n = {}, 0
  for line in io.lines(path) do
    n = n + 1
    if not nthreads or (n - 1) % nthreads == (tid or 1) - 1 then
      out[#out + 1] = line
    end
  end
  return out
end

function common.done(summary, latency, requests)
  io.write(string.format("BENCH requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end

return common
