-- POST a new complaint with a new resident (intake), each request to the next landlord of the
-- data set: REDRESS_LOGINS names a file of "slug token" lines, one a landlord. Intakes for one
-- landlord queue on its reference counter (docs/decisions/0010); these do not share one.
package.path = package.path .. ";" .. os.getenv("REDRESS_LOAD_DIR") .. "/?.lua"
require "common"
local body = [[{"resident": {"name": "Load Test", "email": "load@example.org"},
  "channel": "online", "received_on": "2026-11-02",
  "description": "The lift has been broken for a week.", "category": "estate_services"}]]
local logins = {}
for _, line in ipairs(read_lines(os.getenv("REDRESS_LOGINS"))) do
  local s, t = line:match("^(%S+) (%S+)$")
  if s then logins[#logins + 1] = { slug = s, token = t } end
end
local n = 0
request = function()
  n = n + 1
  local l = logins[(n % #logins) + 1]
  local h = { ["Authorization"] = "Bearer " .. l.token, ["Content-Type"] = "application/json" }
  return wrk.format("POST", "/api/v1/landlords/" .. l.slug .. "/complaints", h, body)
end
