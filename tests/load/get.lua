-- GET one path (REDRESS_PATH, under /api/v1/landlords/{slug}/) as the signed-in user.
package.path = package.path .. ";" .. os.getenv("REDRESS_LOAD_DIR") .. "/?.lua"
require "common"
local path = "/api/v1/landlords/" .. slug .. "/" .. os.getenv("REDRESS_PATH")
request = function()
  return wrk.format("GET", path, headers)
end
