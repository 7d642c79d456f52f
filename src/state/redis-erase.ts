import { APPLY_INDEX_CHANGE } from './redis-scripts';

/**
 * The Lua script of an erasure on Redis: every run's sequence is checked first, then every run,
 * index entry, key and timer of the batch is written (rewritten timers only if still there, new
 * ones scheduled), all in one script (so all or nothing).
 * ARGV: prefix, batch as JSON. Returns saved or conflict.
 */
export const ERASE = `${APPLY_INDEX_CHANGE}
local p = ARGV[1]
local b = cjson.decode(ARGV[2])
for _, r in ipairs(b.runs) do
  if tonumber(redis.call('GET', p .. 'runseq:' .. r.runId) or '0') ~= tonumber(r.expectedSeq) then return 'conflict' end
end
for _, r in ipairs(b.runs) do
  redis.call('SET', p .. 'runseq:' .. r.runId, r.nextSeq)
  redis.call('SET', p .. 'run:' .. r.runId, r.runText)
  applyIndexChange(p, r)
end
for _, key in ipairs(b.deleteKeys) do
  if string.sub(key, 1, 7) == 'answer:' then redis.call('HDEL', p .. 'answers', string.sub(key, 8)) else redis.call('DEL', p .. key) end
end
for _, timer in ipairs(b.timers) do
  if redis.call('EXISTS', p .. 'timer:' .. timer.id) == 1 then redis.call('SET', p .. 'timer:' .. timer.id, timer.text) end
end
for _, timer in ipairs(b.schedule) do
  redis.call('SET', p .. 'timer:' .. timer.id, timer.text)
  redis.call('ZADD', p .. 'timers:due', timer.at, timer.id)
  redis.call('SADD', p .. 'timers:of:' .. timer.runId, timer.name)
end
return 'saved'
`;
