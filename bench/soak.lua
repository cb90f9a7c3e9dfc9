-- soak.lua — the request mix of bench/soak.sh for wrk: reads of pages and API (about
-- 80%) and writes through the API (about 20%: PATCH of existing inmates, creation of
-- new ones with unique registration numbers). Counts answers by status per thread;
-- done() prints them as "status N: COUNT" lines for soak.sh.
-- Environment: SOAK_TOKEN (Bearer, API), SOAK_SID (session cookie, pages),
-- SOAK_IDS (comma-separated WBP ids the token's user may read and change).

local threads = {}
local next_tid = 1

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

function init(args)
  ids = {}
  for id in string.gmatch(os.getenv("SOAK_IDS") or "1", "%d+") do ids[#ids + 1] = id end
  token = os.getenv("SOAK_TOKEN") or ""
  sid = os.getenv("SOAK_SID") or ""
  counts = {}
  n = 0
  math.randomseed(os.time() + tid * 7919)
end

local function api(method, path, body)
  local h = {["Authorization"] = "Bearer " .. token}
  if body then h["Content-Type"] = "application/json" end
  return wrk.format(method, path, h, body)
end

local function page(path)
  return wrk.format("GET", path, {["Cookie"] = "bekal_sid=" .. sid})
end

local edu = {"SD", "SMP", "SMA", "D3", "S1"}
local words = {"an", "di", "su", "ra", "wa", "to", "ni", "ah"}

function request()
  n = n + 1
  local r = math.random(100)
  local id = ids[math.random(#ids)]
  if r <= 25 then
    return api("GET", "/api/v1/wbp/" .. id)
  elseif r <= 45 then
    return page("/wbp/" .. id)
  elseif r <= 58 then
    return page("/wbp?page=" .. math.random(6) .. "&per_page=50")
  elseif r <= 70 then
    return api("GET", "/api/v1/wbp?q=" .. words[math.random(#words)] .. "&per_page=20")
  elseif r <= 74 then
    return api("GET", "/api/v1/wbp/" .. id .. "/remisi")
  elseif r <= 78 then
    return page("/")
  elseif r <= 80 then
    return page("/healthz")
  elseif r <= 90 then
    return api("PATCH", "/api/v1/wbp/" .. id, '{"education":"' .. edu[math.random(#edu)] .. '"}')
  else
    local regno = string.format("SOAK/%d/%d/%d", tid, os.time(), n)
    return api("POST", "/api/v1/wbp", string.format(
      '{"regno":"%s","name":"Soak %d %d","sex":"L","crime_category":"umum","term_years":1,' ..
      '"detention_start":"2024-01-15","birth_date":"1990-01-01","religion":"Islam"}', regno, tid, n))
  end
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("status %d: %d\n", k, v)) end
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", latency:percentile(50) / 1000,
                         latency:percentile(99) / 1000, latency.max / 1000))
end
