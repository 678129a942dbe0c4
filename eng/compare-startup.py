#!/usr/bin/env python3
"""Interleaved A/B of two aide builds: `--version` and a cached `aide ask` against a loopback model, each run of A
followed by the same run of B, so a busy moment of a shared VM slows both alike.

Usage: python3 eng/compare-startup.py path/to/aide-A path/to/aide-B [rounds]   (default 60)
Each build gets its own scratch home (XDG folders, no AIDE_*/OPENAI_* settings); history, journal and memo stay on.
"""
import os, statistics, subprocess, sys, tempfile, threading, time, http.server

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module
Handler = import_module("measure-startup").Handler


def home():
    root = tempfile.mkdtemp(prefix="aide-ab-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIDE_", "OPENAI_"))}
    env.update(HOME=root, XDG_CONFIG_HOME=f"{root}/config", XDG_DATA_HOME=f"{root}/data", XDG_CACHE_HOME=f"{root}/cache",
               OLLAMA_HOST="http://127.0.0.1:1", NO_COLOR="1")
    return env


def run(cmd, env):
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True)
    if done.returncode != 0:
        sys.exit(f"{cmd} failed: {done.stderr.decode()}")
    return (time.perf_counter() - start) * 1000


def main():
    a, b = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/v1"
    builds = [(a, home()), (b, home())]
    times = {(x, k): [] for x in (a, b) for k in ("version", "ask")}
    for exe, env in builds:
        run([exe, "--version"], env)
        run([exe, "ask", "--provider", f"openai={base}", "Cached question"], env)  # fills the cache
    for _ in range(rounds):
        for exe, env in builds:
            times[(exe, "version")].append(run([exe, "--version"], env))
            times[(exe, "ask")].append(run([exe, "ask", "--provider", f"openai={base}", "Cached question"], env))
    for kind in ("version", "ask"):
        ma, mb = statistics.median(times[(a, kind)]), statistics.median(times[(b, kind)])
        print(f"{kind:8}  A {ma:6.1f} ms   B {mb:6.1f} ms   B/A {mb / ma:.3f}   (medians of {rounds} interleaved rounds)")
    server.shutdown()


if __name__ == "__main__":
    main()
