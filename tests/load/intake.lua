-- POST a new complaint with a new resident (intake).
package.path = package.path .. ";" .. os.getenv("REDRESS_LOAD_DIR") .. "/?.lua"
require "common"
local body = [[{"resident": {"name": "Load Test", "email": "load@example.org"},
  "channel": "online", "received_on": "2026-11-02",
  "description": "The lift has been broken for a week.", "category": "estate_services"}]]
request = function()
  return wrk.format("POST", "/api/v1/landlords/" .. slug .. "/complaints", headers, body)
end
