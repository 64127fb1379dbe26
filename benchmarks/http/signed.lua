-- wrk script: GET requests signed ahead of the run (LoadRequests hmac), each sent once.
-- The file is the first script argument; the API key comes from QIUTH_API_KEY, not the command
-- line. Requests are formatted in init, so that request() costs wrk nothing but a table lookup.
local requests = {}
local count = 0
local sent = 0

function init(args)
  local key = os.getenv("QIUTH_API_KEY")
  for line in io.lines(args[1]) do
    local target, timestamp, signature = line:match("^(%S+) (%S+) (%S+)$")
    count = count + 1
    requests[count] = wrk.format("GET", target, {
      ["X-API-Key"] = key,
      ["X-Timestamp"] = timestamp,
      ["X-HMAC-Signature"] = signature,
    })
  end
end

function request()
  -- past the end the requests repeat: the replay guard refuses them, and wrk counts the non-2xx
  sent = sent + 1
  return requests[((sent - 1) % count) + 1]
end
