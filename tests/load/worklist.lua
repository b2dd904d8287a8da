-- GET a worklist page: the first, or one deep in the cursor (REDRESS_CURSOR).
package.path = package.path .. ";" .. os.getenv("REDRESS_LOAD_DIR") .. "/?.lua"
require "common"
local cursor = os.getenv("REDRESS_CURSOR")
local path = "/api/v1/landlords/" .. slug .. "/complaints?limit=50"
if cursor and cursor ~= "" then path = path .. "&cursor=" .. cursor end
request = function()
  return wrk.format("GET", path, headers)
end
