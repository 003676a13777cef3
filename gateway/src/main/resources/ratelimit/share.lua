-- A process's share of a client's token bucket (DMP_RATE_LIMIT_POLICY=local): the tokens it took since its last
-- exchange come off the bucket every instance shares; the answer is what the bucket has left and how many instances
-- exchanged for this client within the last ARGV[5] milliseconds (this one included). The process then keeps
-- left / instances and refills at rate / instances, so that instances serving one client together refill at the rate,
-- not at a multiple of it. The same hash as guard.lua ('tokens', 'at'), refilled the same way on Redis's clock; each
-- instance's last exchange is a field 's:<instance>' of it.
-- KEYS[1] the bucket; ARGV[1] capacity (burst); ARGV[2] refill per second; ARGV[3] tokens taken since the last
-- exchange; ARGV[4] the instance; ARGV[5] how long an instance counts after its last exchange, in milliseconds.
-- Returns {tokens left, as a string (never below zero: a debt would outlive the burst it came from), instances}.
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local taken = tonumber(ARGV[3])
local recent = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1])
local at = tonumber(bucket[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
tokens = math.max(0, math.min(capacity, tokens + math.max(0, now - at) * rate / 1000) - taken)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now), 's:' .. ARGV[4], tostring(now))
local fields = redis.call('HGETALL', KEYS[1])
local instances = 0
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 2) == 's:' then
    if now - tonumber(fields[i + 1]) <= recent then
      instances = instances + 1
    else
      redis.call('HDEL', KEYS[1], fields[i])
    end
  end
end
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
return {tostring(tokens), instances}
