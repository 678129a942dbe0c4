#!/usr/bin/env python3
"""Measures aide's wall time: `aide --version`, and `aide ask` against a loopback OpenAI-compatible server.

Usage: python3 eng/measure-startup.py [path/to/aide] [runs]
Builds nothing: pass the executable (default: the Release apphost under src/Aide.Cli/bin/Release/net10.0/).
The server (stdlib only) answers instantly with a three-chunk SSE stream, so the wall time of `aide ask`
is what Aide itself adds: process start, configuration, pipeline, HTTP, streaming, exit.
"""
import http.server, json, os, statistics, subprocess, sys, tempfile, threading, time

CHUNKS = ["Hello", " from", " loopback."]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        events = [{"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                   "choices": [{"index": 0, "delta": {"content": c}, "finish_reason": None}]} for c in CHUNKS]
        events.append({"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                       "choices": [], "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}})
        for e in [json.dumps(e) for e in events] + ["[DONE]"]:
            data = f"data: {e}\n\n".encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.write(b"0\r\n\r\n")


def timed(cmd, env, runs):
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True)
        walls.append((time.perf_counter() - start) * 1000)
        if done.returncode != 0:
            sys.exit(f"{cmd} failed: {done.stderr.decode()}")
    return walls


def report(name, walls):
    q = statistics.quantiles(walls, n=20)
    print(f"{name:34} median {statistics.median(walls):7.1f} ms   p5 {q[0]:7.1f}   p95 {q[-1]:7.1f}   (n={len(walls)})")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    aide = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "src/Aide.Cli/bin/Release/net10.0/aide")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/v1"
    home = tempfile.mkdtemp(prefix="aide-measure-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIDE_", "OPENAI_"))}
    env.update(HOME=home, XDG_CONFIG_HOME=home, OLLAMA_HOST="http://127.0.0.1:1", NO_COLOR="1")
    cmd = [aide] if not aide.endswith(".dll") else ["dotnet", aide]

    timed(cmd + ["--version"], env, 3)  # warm the OS file cache
    version = timed(cmd + ["--version"], env, runs)
    report("aide --version", version)
    ask = cmd + ["ask", "--provider", f"openai={base}"]
    report("aide ask (loopback, --no-cache)", timed(ask + ["--no-cache", "Hi"], env, runs))
    ttft = []
    for _ in range(runs):
        out = subprocess.run(ask + ["--json", "--no-cache", "Hi"], env=env, capture_output=True, stdin=subprocess.DEVNULL)
        ttft.append(json.loads(out.stdout)["timeToFirstTokenMs"])
    report("in-process time to first token", ttft)

    # Answered from the response cache: one run fills it, the measured runs repeat the question.
    timed(ask + ["Cached question"], env, 1)
    cached = timed(ask + ["Cached question"], env, runs)
    report("aide ask answered from cache", cached)
    quiet = dict(env, AIDE_HISTORY="false", AIDE_JOURNAL="false")
    cached_bare = timed(ask + ["Cached question"], quiet, runs)
    report("  same, history and journal off", cached_bare)
    print(f"ratio to --version: {statistics.median(cached) / statistics.median(version):.2f}x "
          f"({statistics.median(cached_bare) / statistics.median(version):.2f}x with history and journal off; target <= 2x)")
    server.shutdown()


if __name__ == "__main__":
    main()
