-- load.lua: wrk's script for one page kind of bench/load.sh.
--   wrk -s bench/load.lua URL -- KIND FILE OUT
-- FILE holds "cookie<TAB>path" lines: the signed-in accounts of the kind and
-- the pages each may see. Every request takes the next line, so the
-- connections go round all the kind's accounts and pages (each thread
-- starts at its own place). The response hook counts answers that are not
-- 200 and answers that are the sign-in form (a session that ended); done()
-- appends one JSON line with the kind's figures to OUT, and its latencies
-- to OUT.KIND.hist.
local threads = {}

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

function init(args)
   kind, file, out = args[1], args[2], args[3]
   reqs = {}
   for line in io.lines(file) do
      local cookie, path = line:match("^([^\t]*)\t(.*)$")
      local headers = {["Sec-Fetch-Site"] = "same-origin"}
      if cookie ~= "-" then headers["Cookie"] = cookie end
      table.insert(reqs, wrk.format("GET", path, headers))
   end
   n = (index * 7919) % #reqs
   bad, signin, statuses = 0, 0, ""
end

function request()
   n = n % #reqs + 1
   return reqs[n]
end

function response(status, headers, body)
   if status ~= 200 then
      bad = bad + 1
      if bad <= 3 then statuses = statuses .. status .. " " end
   elseif body:find('action="/sign-in"', 1, true) then
      signin = signin + 1
   end
end

function done(summary, latency, requests)
   local b, s, st = 0, 0, ""
   for _, t in ipairs(threads) do
      b = b + t:get("bad")
      s = s + t:get("signin")
      st = st .. t:get("statuses")
   end
   local e = summary.errors
   local f = io.open(threads[1]:get("out"), "a")
   f:write(string.format('{"kind": "%s", "requests": %d, "seconds": %.3f, "p50": %.3f, "p99": %.3f, "p999": %.3f, ' ..
                         '"max": %.3f, "bytes": %d, "not200": %d, "signin": %d, "socket": %d, "timeouts": %d, "statuses": "%s"}\n',
                         threads[1]:get("kind"), summary.requests, summary.duration / 1e6,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                         latency:percentile(99.9) / 1000, latency.max / 1000, summary.bytes, b, s,
                         e.connect + e.read + e.write, e.timeout, st))
   f:close()
   -- The whole distribution, "microseconds:count" pairs, so that the
   -- percentiles over all kinds can be computed exactly.
   local h = io.open(threads[1]:get("out") .. "." .. threads[1]:get("kind") .. ".hist", "w")
   for i = 1, #latency do
      local us, count = latency(i)
      h:write(string.format(" %d:%d", us, count))
   end
   h:close()
end
