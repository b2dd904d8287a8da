-- GET one complaint (the case view), picking ids at random from a file of ids.
package.path = package.path .. ";" .. os.getenv("REDRESS_LOAD_DIR") .. "/?.lua"
require "common"
local ids = read_lines(os.getenv("REDRESS_IDS"))
math.randomseed(os.time())
request = function()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/api/v1/landlords/" .. slug .. "/complaints/" .. id, headers)
end
