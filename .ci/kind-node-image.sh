#!/usr/bin/env bash
# Builds the stand-in kind node image once, without any image registry:
#   debootstrap (minbase + iproute2, iputils-ping, procps, util-linux, bash, coreutils, iptables as kube-proxy needs)
#   -> tar -> docker import.
# Cached twice: the image itself (skipped when `docker image inspect` finds it) and the root
# filesystem tarball under .ci/cache/ (so a fresh daemon re-imports in seconds).
# Prints the image name on stdout. Never pulls.
#
# Environment: KIND_NODE_IMAGE (default junit-netns/kind-node:bookworm), DEBIAN_MIRROR,
# DEBIAN_SUITE (default bookworm), DOCKER (default /usr/bin/docker).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
DOCKER=${DOCKER:-/usr/bin/docker}
[ -x "$DOCKER" ] || DOCKER=$(command -v docker)
IMAGE=${KIND_NODE_IMAGE:-junit-netns/kind-node:bookworm}
SUITE=${DEBIAN_SUITE:-bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${KIND_NODE_CACHE:-$here/cache}
TARBALL=$CACHE/kind-node-rootfs-$SUITE.tar
PACKAGES=iproute2,iputils-ping,procps,util-linux,bash,coreutils,iptables

if "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE"
  exit 0
fi

mkdir -p "$CACHE"
if [ ! -s "$TARBALL" ]; then
  DEBOOTSTRAP=$(command -v debootstrap || echo /usr/sbin/debootstrap)
  root=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  trap 'rm -rf "$root"' EXIT
  echo "kind-node-image: debootstrap $SUITE ($PACKAGES) from $MIRROR" >&2
  "$DEBOOTSTRAP" --variant=minbase --include="$PACKAGES" "$SUITE" "$root" "$MIRROR" >&2
  # No apt caches or logs in the image.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
  tar -C "$root" -cf "$TARBALL.tmp" .
  mv "$TARBALL.tmp" "$TARBALL"
  rm -rf "$root"
  trap - EXIT
fi

echo "kind-node-image: importing $TARBALL as $IMAGE" >&2
"$DOCKER" import \
  --change 'CMD ["sleep", "infinity"]' \
  --change 'LABEL dev.netns.kind-node-image=standin' \
  --message "junit-netns stand-in kind node ($SUITE minbase + $PACKAGES)" \
  "$TARBALL" "$IMAGE" >&2
echo "$IMAGE"
