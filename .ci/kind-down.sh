#!/usr/bin/env bash
# After the tests: removes every stand-in kind cluster (containers and networks carrying the
# label dev.netns.standin), whatever state the tests left them in. The image and dockerd stay.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
DOCKER=${DOCKER:-/usr/bin/docker}
[ -x "$DOCKER" ] || DOCKER=$(command -v docker || true)
if [ -z "$DOCKER" ] || ! "$DOCKER" info >/dev/null 2>&1; then
  exit 0 # no Docker, nothing of ours can be running
fi
"$here/kind-standin.sh" down --all
