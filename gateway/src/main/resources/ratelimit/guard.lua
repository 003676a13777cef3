-- The per-request guard of the professional API, atomically in Redis and in one round trip:
-- 1. token bucket per client: KEYS[1] the bucket; ARGV[1] capacity (burst); ARGV[2] refill per second; ARGV[3] cost.
--    Time comes from the Redis server so that several gateways share one clock.
-- 2. only when the request is allowed and ARGV[4] is '1' (a read naming a patient): distinct patients per professional
--    and UTC day: KEYS[2] the day's set of patient pseudonyms, KEYS[3] its "alerted" marker; ARGV[5] the patient's
--    pseudonym, ARGV[6] the quota, ARGV[7] seconds the set and marker are kept. A patient already in the set stays
--    open; a new one past the quota is refused. A request refused by the bucket is not counted.
-- 0. the last key is the calling gateway instance's sentinel. When it is missing, Redis no longer holds what the
--    instance counted in it (restarted without persistence, flushed; or the instance's first call): nothing is taken
--    or counted, the sentinel is set, and the answer {1, 0, 0, 1} asks the instance to write back what it counted
--    (writeback.lua) and ask again. The sentinel lives two days, as the sets, and is renewed after one.
-- Returns {allowed (1|0), milliseconds until enough tokens (0 when allowed),
--          quota (0 allowed or not counted, 1 refused, 2 refused for the first time today: the alert),
--          1 when the sentinel was missing (nothing decided), else 0}.
local sentinel = KEYS[#KEYS]
local alive = redis.call('TTL', sentinel)
if alive == -2 then
  redis.call('SET', sentinel, '1', 'EX', 172800)
  return {1, 0, 0, 1}
end
if alive < 86400 then
  redis.call('EXPIRE', sentinel, 172800)
end
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1])
local at = tonumber(bucket[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
else
  wait = math.ceil((cost - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
if allowed == 0 or ARGV[4] ~= '1' then
  return {allowed, wait, 0, 0}
end
if redis.call('SISMEMBER', KEYS[2], ARGV[5]) == 1 then
  return {1, 0, 0, 0}
end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[6]) then
  if redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[7]) then
    return {1, 0, 2, 0}
  end
  return {1, 0, 1, 0}
end
redis.call('SADD', KEYS[2], ARGV[5])
redis.call('EXPIRE', KEYS[2], ARGV[7])
return {1, 0, 0, 0}
