-- wrk script for G2: GET /api/v1/patients/{ins}/documents over the INS listed in INS_FILE (default /tmp/ins.txt),
-- each connection walking the list from its own offset, with the bearer token in TOKEN.
--   TOKEN=... INS_FILE=/tmp/ins.txt wrk -t2 -c64 -d20s -s loadtest/bench/documents.lua http://127.0.0.1:8080
local list = {}
for line in io.lines(os.getenv("INS_FILE") or "/tmp/ins.txt") do list[#list + 1] = line end
local auth = "Bearer " .. os.getenv("TOKEN")
local counter = 0
local i = 0

function setup(thread)
  counter = counter + 1
  thread:set("start", counter * 997)
end

function init(args)
  i = start or 0
end

function request()
  i = i + 1
  local ins = list[(i % #list) + 1]
  return wrk.format("GET", "/api/v1/patients/" .. ins .. "/documents", { ["Authorization"] = auth })
end

local non200 = 0
function response(status, headers, body)
  if status ~= 200 and status ~= 403 then non200 = non200 + 1 end
end
