#!/usr/bin/env bash
# Memory under sustained load (issue 31): aide serve (cache off, journal on, as installed) in front of a loopback
# upstream that answers at once, driven by wrk at concurrency 16 for MINUTES; the gateway's resident set and request
# count (from its own /metrics) are sampled every minute.
# Usage: eng/gateway-soak.sh PATH/TO/aide [MINUTES=10] [CONCURRENCY=16]
set -euo pipefail
aide=$(realpath "$1"); minutes=${2:-10}; connections=${3:-16}
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache
upstream_port=$((20000 + RANDOM % 10000)); gateway_port=$((upstream_port + 1))

node -e '
const body = JSON.stringify({id:"chatcmpl-soak",object:"chat.completion",created:1700000000,model:"soak",
  choices:[{index:0,message:{role:"assistant",content:"Hello from the soak upstream."},finish_reason:"stop"}],
  usage:{prompt_tokens:7,completion_tokens:5,total_tokens:12}});
require("http").createServer((req, res) => { req.resume(); req.on("end", () => {
  res.writeHead(200, {"content-type": "application/json", "content-length": Buffer.byteLength(body)}); res.end(body); }); })
  .listen(+process.argv[1], "127.0.0.1");' "$upstream_port" &
# The gateway starts once the upstream answers: a gateway started first would open its breaker on the refused calls.
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$upstream_port/" && break; sleep 0.1; done

"$aide" serve --listen "127.0.0.1:$gateway_port" --provider "openai=http://127.0.0.1:$upstream_port/v1" --no-cache > "$work/serve.log" 2>&1 &
gateway=$!
for _ in $(seq 100); do grep -q "Aide serves" "$work/serve.log" 2>/dev/null && break; sleep 0.1; done

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"messages":[{"role":"user","content":"How much memory does a gateway keep?"}]}'
LUA

requests() { curl -s "http://127.0.0.1:$gateway_port/metrics" | awk '/^http_server_request_duration_seconds_count.*http_response_status_code="200"/ { n += $NF } END { printf "%d", n }'; }
heap() { curl -s "http://127.0.0.1:$gateway_port/metrics" | awk '/^dotnet_gc_last_collection_heap_size_bytes/ { n += $NF } END { printf "%.1f", n / 1048576 }'; }
rss() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$gateway/status"; }

echo "aide serve (pid $gateway) in front of a node upstream; wrk -t2 -c$connections -d${minutes}m; $(nproc) cores"
echo "minute 0: RSS $(rss) MB, GC heap $(heap) MB, answered (200) $(requests)"
wrk -t2 -c"$connections" -d"${minutes}m" -s "$work/post.lua" --latency "http://127.0.0.1:$gateway_port/v1/chat/completions" > "$work/wrk.txt" &
load=$!
for minute in $(seq "$minutes"); do
  sleep 60
  echo "minute $minute: RSS $(rss) MB, GC heap $(heap) MB, answered (200) $(requests)"
done
wait "$load"
cat "$work/wrk.txt"
echo "after the run: RSS $(rss) MB, GC heap $(heap) MB, answered (200) $(requests)"
