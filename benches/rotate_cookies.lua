-- wrk script for the signed-in loads: every request carries the next session
-- cookie from the file named by COOKIES_FILE (one "name=value" per line), so
-- the load measures many sessions, not one hot one.
local cookies = {}
local next_index = 0

function init(args)
  for line in io.lines(os.getenv("COOKIES_FILE")) do
    if #line > 0 then cookies[#cookies + 1] = line end
  end
  -- Threads start at different places in the list.
  next_index = math.random(#cookies) - 1
end

function request()
  next_index = next_index % #cookies + 1
  return wrk.format(nil, nil, { ["Cookie"] = cookies[next_index] })
end
