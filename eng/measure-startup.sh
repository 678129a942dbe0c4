#!/usr/bin/env bash
# Issue 8 startup targets: publishes aide and a hello-world the same way (Native AOT, linux-x64), prepares a
# private home with the tiny test model and one cached answer, then times whole commands (median of RUNS) with the
# benchmarks' "startup" mode. Usage: eng/measure-startup.sh [RUNS]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
rid=linux-x64
out=$(mktemp -d /tmp/aide-startup-XXXXXX)
trap 'rm -rf "$out"' EXIT

dotnet publish src/Aide.Cli -c Release -r $rid -o "$out/aide" -v q -nologo > "$out/publish.log" 2>&1 || { cat "$out/publish.log"; exit 1; }
dotnet publish benchmarks/HelloAot -c Release -r $rid -o "$out/hello" -v q -nologo > "$out/hello.log" 2>&1 || { cat "$out/hello.log"; exit 1; }
dotnet build benchmarks/Aide.Benchmarks -c Release -v q -nologo > "$out/bench.log" 2>&1 || { cat "$out/bench.log"; exit 1; }
bench=benchmarks/Aide.Benchmarks/bin/Release/net10.0/Aide.Benchmarks

# aide's folders go to the temporary home (XDG variables, so dotnet's own HOME is untouched).
export XDG_DATA_HOME="$out/home/data" XDG_CACHE_HOME="$out/home/cache" XDG_CONFIG_HOME="$out/home/config"
"$bench" write-tiny-model "$out/tiny.gguf"
"$out/aide/aide" ask --provider "local=$out/tiny.gguf" "hello" > /dev/null   # answered by the model, now cached

echo "aide: $(du -sh "$out/aide/aide" | cut -f1) executable (Native AOT, $rid), $(nproc) cores, $(date -u +%F)"
"$bench" startup "$runs" \
  "hello-world (Native AOT)=$out/hello/HelloAot" \
  "aide --version=$out/aide/aide --version" \
  "aide --help=$out/aide/aide --help" \
  "aide ask (answered from the cache)=$out/aide/aide ask --provider local=$out/tiny.gguf hello" \
  "dotnet aide.dll --version (JIT build)=dotnet src/Aide.Cli/bin/Release/net10.0/aide.dll --version"
