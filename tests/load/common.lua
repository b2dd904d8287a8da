-- Shared by the load scripts: the access token and the landlord come from the environment.
token = os.getenv("REDRESS_TOKEN")
slug = os.getenv("REDRESS_SLUG") or "gen-1"
headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }

function read_lines(path)
  local lines = {}
  local f = io.open(path, "r")
  if f then
    for line in f:lines() do lines[#lines + 1] = line end
    f:close()
  end
  return lines
end

-- wrk's own report gives 50/75/90/99; print the percentiles BENCHMARKS.md records.
done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("requests: %d in %.1f s = %.0f/s; errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.requests, secs, summary.requests / secs, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout))
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("p%d: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
