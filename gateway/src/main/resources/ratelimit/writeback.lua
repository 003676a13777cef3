-- What one gateway instance counted alone (while Redis could not answer, or after Redis lost its state), written
-- back so that an outage never resets the limits of guard.lua. ARGV[1] says which:
-- 'bucket': KEYS[1] a client's token bucket; ARGV[2] capacity, ARGV[3] refill per second, ARGV[4] the tokens the
--           instance left: the bucket keeps the lower of its own (refilled to now) and the instance's.
-- 'set':    KEYS[1] a professional's set of patient pseudonyms of one day, KEYS[2] its "alerted" marker; ARGV[2]
--           seconds both are kept, ARGV[3] '1' when the instance alerted on a refusal, ARGV[4..] the pseudonyms the
--           instance counted: added (a patient opened on either side stays counted, so the union may exceed the
--           quota, which then refuses every new patient).
if ARGV[1] == 'bucket' then
  local capacity = tonumber(ARGV[2])
  local rate = tonumber(ARGV[3])
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
  local tokens = tonumber(bucket[1])
  local at = tonumber(bucket[2])
  if tokens == nil or at == nil then
    tokens = capacity
    at = now
  end
  tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000, tonumber(ARGV[4]))
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
  return 1
end
if #ARGV > 3 then
  redis.call('SADD', KEYS[1], unpack(ARGV, 4))
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
if ARGV[3] == '1' then
  redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2])
end
return 1
