#!/usr/bin/env bash
# Appends every symbol the PublicApiAnalyzers report as undeclared (RS0016) to each library's PublicAPI.Unshipped.txt,
# and drops those reported as gone (RS0017), so an intended API change is one command and still shows up as a
# reviewable diff. Run it twice when a change both removes and adds symbols (the analyzers report one kind first).
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/; do
  project=${project%/}
  [ -f "$project/PublicAPI.Unshipped.txt" ] || continue
  out=$(dotnet build "$project" --no-incremental 2>&1 || true)
  mine=$(printf '%s\n' "$out" | grep -F "[$PWD/$project/" || true)
  printf '%s\n' "$mine" | grep -oP "error RS0016: Symbol '\K.*(?=' is not part of the declared)" | sort -u > /tmp/aide-api-new.txt || true
  if [ -s /tmp/aide-api-new.txt ]; then
    { cat "$project/PublicAPI.Unshipped.txt"; cat /tmp/aide-api-new.txt; } | awk 'NR==1 || !seen[$0]++' > /tmp/aide-api-merged.txt
    { head -1 /tmp/aide-api-merged.txt; tail -n +2 /tmp/aide-api-merged.txt | sort -u; } > "$project/PublicAPI.Unshipped.txt"
    echo "$project: added $(wc -l < /tmp/aide-api-new.txt) symbols"
  fi
  printf '%s\n' "$mine" | grep -oP "error RS0017: Symbol '\K.*(?=' is part of the declared API)" | sort -u | while IFS= read -r gone; do
    grep -vxF -- "$gone" "$project/PublicAPI.Unshipped.txt" > /tmp/aide-api-kept.txt && cp /tmp/aide-api-kept.txt "$project/PublicAPI.Unshipped.txt" && echo "$project: removed: $gone"
  done || true
  printf '%s\n' "$mine" | grep -E " error | warning " | grep -v -e RS0016 -e RS0017 | sed "s|$PWD/||" | sort -u || true
done
