-- wrk script for Benchmarks/serve-load.sh: a mixed load over kb serve's pages and API.
-- The paths come from the file named by $KB_LOAD_PATHS (one per line: saved queries' results
-- pages, claim and source pages, an export), taken round-robin by each connection, so every
-- run requests the same mix in the same proportions.
local paths = {}
local file = assert(io.open(os.getenv("KB_LOAD_PATHS") or "paths.txt", "r"))
for line in file:lines() do
  if line ~= "" then paths[#paths + 1] = line end
end
file:close()
assert(#paths > 0, "no paths to request")

local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 7
end

local index = 0
function request()
  index = index + 1
  local path = paths[((index + (offset or 0)) % #paths) + 1]
  return wrk.format("GET", path)
end

-- Count answers that are not 2xx as errors, beside wrk's own socket errors.
local failures = 0
function response(status, headers, body)
  if status < 200 or status > 299 then failures = failures + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("mixed: %d paths\n", #paths))
end
