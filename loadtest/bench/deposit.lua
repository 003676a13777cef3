-- wrk script for G6: POST /api/v1/patients/{ins}/documents (metadata + encrypted content + audit, synchronous commit)
-- over the INS listed in INS_FILE, with the bearer token in TOKEN; a 2 KiB PDF-like payload.
--   TOKEN=... INS_FILE=/tmp/ins.txt wrk -t2 -c16 -d20s -s loadtest/bench/deposit.lua http://127.0.0.1:8080
local list = {}
for line in io.lines(os.getenv("INS_FILE") or "/tmp/ins.txt") do list[#list + 1] = line end
local auth = "Bearer " .. os.getenv("TOKEN")
local counter = 0
local i = 0
-- base64 of "%PDF-1.4\n" (9 bytes, 12 characters without padding) 170 times: 1,530 bytes
local content = string.rep("JVBERi0xLjQK", 170)
local body = '{"classCode":"11502-2","title":"Compte rendu de biologie","contentType":"application/pdf","content":"'
  .. content .. '"}'

function setup(thread)
  counter = counter + 1
  thread:set("start", counter * 1999)
end

function init(args)
  i = start or 0
end

function request()
  i = i + 1
  local ins = list[(i % #list) + 1]
  return wrk.format("POST", "/api/v1/patients/" .. ins .. "/documents",
    { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
end
