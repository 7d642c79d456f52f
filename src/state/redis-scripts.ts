/**
 * Lua scripts for the Redis state store: each runs atomically in Redis, so no check is separated
 * from its write. Keys are `<prefix><key>`; values the keyv records `{"value": ...}` as JSON text.
 */

/** KEYS: the lease. ARGV: token, ttl in ms. Extends the lease if this token holds it. */
export const RENEW_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/**
 * KEYS: the lease. ARGV: token, channel, lease name. Deletes the lease if this token holds it, and
 * says so on the channel, so that a process waiting for it tries again at once.
 */
export const GIVE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 1
end
return 0
`;

/**
 * Lua: writes a run's index change (names dropped and set, lists joined and left). A list is a
 * sorted set ordered by joining: a member keeps its place when it joins again.
 */
export const APPLY_INDEX_CHANGE = `
local function applyIndexChange(p, r)
  for _, key in ipairs(r.drop) do
    if redis.call('GET', p .. key) == r.pointer then redis.call('DEL', p .. key) end
  end
  for _, key in ipairs(r.set) do redis.call('SET', p .. key, r.pointer) end
  for _, key in ipairs(r.join) do
    if not redis.call('ZSCORE', p .. key, r.runId) then
      redis.call('ZADD', p .. key, redis.call('INCR', p .. 'lists:joined'), r.runId)
    end
  end
  for _, key in ipairs(r.leave) do redis.call('ZREM', p .. key, r.runId) end
end
`;

/** ARGV: prefix, turn as JSON. Returns saved, conflict or duplicate. */
export const COMMIT_TURN = `${APPLY_INDEX_CHANGE}
local p = ARGV[1]
local t = cjson.decode(ARGV[2])
if t.seen and redis.call('EXISTS', p .. t.seen) == 1 then return 'duplicate' end
local seqKey = p .. 'runseq:' .. t.runId
if tonumber(redis.call('GET', seqKey) or '0') ~= tonumber(t.expectedSeq) then return 'conflict' end
redis.call('SET', seqKey, t.nextSeq)
redis.call('SET', p .. 'run:' .. t.runId, t.runText)
applyIndexChange(p, t)
local due = p .. 'timers:due'
local of = p .. 'timers:of:' .. t.runId
local function drop(name)
  local id = t.runId .. '.' .. name
  redis.call('DEL', p .. 'timer:' .. id)
  redis.call('ZREM', due, id)
  redis.call('SREM', of, name)
end
for _, name in ipairs(t.cancel) do
  if name == '*' then
    for _, each in ipairs(redis.call('SMEMBERS', of)) do drop(each) end
  else
    drop(name)
  end
end
for _, timer in ipairs(t.timers) do
  redis.call('SET', p .. 'timer:' .. timer.id, timer.text)
  redis.call('ZADD', due, timer.at, timer.id)
  redis.call('SADD', of, timer.name)
end
if t.fired then
  local at = redis.call('ZSCORE', due, t.fired.id)
  if at and tonumber(at) == tonumber(t.fired.at) then drop(t.fired.name) end
end
for _, outcome in ipairs(t.outcomes) do redis.call('HSET', p .. 'outbox', outcome.id, outcome.text) end
if t.seen then redis.call('SET', p .. t.seen, '1', 'PX', t.seenTtl) end
if t.seen and t.answer then redis.call('HSET', p .. 'answers', t.answer.id, t.answer.text) end
return 'saved'
`;

/** KEYS: the seen mark, the kept answers. ARGV: ttl in ms, answer id, answer text. Refused (duplicate) when the event was seen. */
export const KEEP_ANSWER = `
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) == false then return 'duplicate' end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 'saved'
`;

/** KEYS: counter. Adds one to a counter kept as a keyv record. */
export const INCREMENT = `
local current = redis.call('GET', KEYS[1])
local n = 1
if current then n = tonumber(cjson.decode(current).value) + 1 end
redis.call('SET', KEYS[1], '{"value":' .. string.format('%d', n) .. '}')
return n
`;

/** KEYS: due index, timer record, run's timer names; ARGV: id, name, at, timer text. */
export const SCHEDULE = `
redis.call('SET', KEYS[2], ARGV[4])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
`;

/** KEYS: due index, timer record, run's timer names; ARGV: id, name, at ('' for any). */
export const REMOVE_TIMER = `
local at = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not at then return 0 end
if ARGV[3] ~= '' and tonumber(at) ~= tonumber(ARGV[3]) then return 0 end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[2])
return 1
`;

/** KEYS: due index, run's timer names; ARGV: prefix, run id, name (or '*'). */
export const CANCEL = `
local names = {ARGV[3]}
if ARGV[3] == '*' then names = redis.call('SMEMBERS', KEYS[2]) end
for _, name in ipairs(names) do
  local id = ARGV[2] .. '.' .. name
  redis.call('DEL', ARGV[1] .. 'timer:' .. id)
  redis.call('ZREM', KEYS[1], id)
  redis.call('SREM', KEYS[2], name)
end
`;
