#!/usr/bin/env bash
# Appends every symbol the PublicApiAnalyzers report as undeclared (RS0016) to PublicAPI.Unshipped.txt,
# so an intended API change is one command and still shows up as a reviewable diff.
set -euo pipefail
cd "$(dirname "$0")/.."
project=src/Aide.Core
out=$(dotnet build "$project" --no-incremental 2>&1 || true)
printf '%s\n' "$out" | grep -oP "error RS0016: Symbol '\K.*(?=' is not part of the declared)" | sort -u > /tmp/aide-api-new.txt || true
if [ -s /tmp/aide-api-new.txt ]; then
  { cat "$project/PublicAPI.Unshipped.txt"; cat /tmp/aide-api-new.txt; } | awk 'NR==1 || !seen[$0]++' > /tmp/aide-api-merged.txt
  { head -1 /tmp/aide-api-merged.txt; tail -n +2 /tmp/aide-api-merged.txt | sort -u; } > "$project/PublicAPI.Unshipped.txt"
  echo "added $(wc -l < /tmp/aide-api-new.txt) symbols to $project/PublicAPI.Unshipped.txt"
fi
# RS0017: a declared symbol no longer exists; drop it from Unshipped (a Shipped removal is a breaking change to decide by hand).
printf '%s\n' "$out" | grep -oP "error RS0017: Symbol '\K.*(?=' is part of the declared API)" | sort -u | while IFS= read -r gone; do
  grep -vxF -- "$gone" "$project/PublicAPI.Unshipped.txt" > /tmp/aide-api-kept.txt && cp /tmp/aide-api-kept.txt "$project/PublicAPI.Unshipped.txt" && echo "removed: $gone"
done
printf '%s\n' "$out" | grep -E "error|warn" | grep -v -e RS0016 -e RS0017 | sort -u || true
