#!/usr/bin/env bash
# Before `mvn -Pkind test`: Docker up (installed and started if needed), the stand-in node image
# built (once; cached), and the stand-in kind cluster (default jn-kind: two nodes, kindnet-style
# pods) started. Idempotent. Pair with kind-down.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/docker-up.sh"
"$here/kind-node-image.sh" >/dev/null
"$here/kind-standin.sh" up "${1:-jn-kind}"
