-- wrk script for G2f: ITI-67 on the FHIR face, GET /fhir/r4/DocumentReference?patient.identifier=<INS-NIR>|<INS>,
-- one patient per request over the INS listed in INS_FILE, exactly as documents.lua walks them for G2.
--   TOKEN=... INS_FILE=/tmp/ins.txt wrk -t2 -c64 -d20s -s loadtest/bench/fhir-documents.lua http://127.0.0.1:8080
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
  return wrk.format("GET", "/fhir/r4/DocumentReference?patient.identifier=urn:oid:1.2.250.1.213.1.4.8%7C" .. ins,
    { ["Authorization"] = auth, ["Accept"] = "application/fhir+json" })
end
