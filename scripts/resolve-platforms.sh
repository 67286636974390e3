#!/usr/bin/env bash
# Resolves Glassbox's runtime dependencies (JavaFX, ND4J, OpenBLAS, javacpp natives) for every desktop
# platform the pom knows, so that a classifier that does not exist is found here and not by a teacher
# on a Mac. Downloads a few hundred MB into the local Maven repository the first time: not part of CI.
#
#   scripts/resolve-platforms.sh            # all five platforms
#   scripts/resolve-platforms.sh mac-aarch64 win-x86_64
#
# Prints one line per platform (resolved / FAILED and why) and exits 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
platforms=("$@")
[ ${#platforms[@]} -eq 0 ] && platforms=(linux-x86_64 linux-aarch64 mac-x86_64 mac-aarch64 win-x86_64)
failed=0
# The pom's platform classifiers, and the same names for the libraries' own poms (JavaFX's and javacpp's
# pick their natives by the building machine unless told), so that only the target's natives come.
declare -A fx=([linux-x86_64]=linux [linux-aarch64]=linux-aarch64 [mac-x86_64]=mac [mac-aarch64]=mac-aarch64 [win-x86_64]=win)
declare -A cpp=([linux-x86_64]=linux-x86_64 [linux-aarch64]=linux-arm64 [mac-x86_64]=macosx-x86_64 [mac-aarch64]=macosx-arm64 [win-x86_64]=windows-x86_64)
for p in "${platforms[@]}"; do
  if [ -z "${fx[$p]:-}" ]; then echo "$p: unknown platform (one of ${!fx[*]})"; failed=1; continue; fi
  out=$(mktemp -d)
  log="$out/mvn.log"
  # copy-dependencies resolves and fetches every runtime jar, natives included, into a scratch folder.
  if mvn -B -q -Dglassbox.platform="$p" -Djavafx.platform="${fx[$p]}" -Djavacpp.platform="${cpp[$p]}" dependency:copy-dependencies -DincludeScope=runtime \
        -DoutputDirectory="$out/lib" >"$log" 2>&1; then
    natives=$(ls "$out/lib" | grep -E -- "-(linux|mac|win|macosx|windows)[-_a-z0-9]*\.jar$" | sort | tr '\n' ' ')
    size=$(du -sm "$out/lib" | cut -f1)
    echo "$p: resolved, ${size} MB; natives: $natives"
  else
    failed=1
    echo "$p: FAILED"
    grep -E "ERROR|Could not" "$log" | head -5 | sed 's/^/    /'
  fi
  rm -rf "$out"
done
exit $failed
