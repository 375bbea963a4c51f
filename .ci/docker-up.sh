#!/usr/bin/env bash
# Makes sure a Docker daemon answers on this machine: installs docker.io and debootstrap when
# they are missing (Debian/Ubuntu), starts dockerd when nothing answers, and waits for it.
# Idempotent: a running daemon (any daemon answering on DOCKER_HOST or /var/run/docker.sock)
# is left alone.
#
# The daemon is started the way this project's CI machines need it: no default bridge, no
# iptables/NAT/forwarding changes to the machine's own network (node containers join
# `docker network create --internal` networks instead). Its log goes to $DOCKERD_LOG.
set -euo pipefail

DOCKER=${DOCKER:-/usr/bin/docker}
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/junit-netns-dockerd.log}

need_pkgs=()
[ -x /usr/bin/docker ] || [ -x /usr/sbin/dockerd ] || need_pkgs+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || need_pkgs+=(debootstrap)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "docker-up: installing ${need_pkgs[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi
[ -x "$DOCKER" ] || DOCKER=$(command -v docker)

if "$DOCKER" info >/dev/null 2>&1; then
  exit 0
fi

if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST#unix://}" = "$DOCKER_HOST" ]; then
  echo "docker-up: DOCKER_HOST=$DOCKER_HOST does not answer, and it is not a local socket this script could start a daemon for" >&2
  exit 1
fi

DOCKERD=$(command -v dockerd || echo /usr/sbin/dockerd)
echo "docker-up: starting $DOCKERD (log: $DOCKERD_LOG)" >&2
# setsid: the daemon outlives this script and the CI step that ran it.
setsid "$DOCKERD" --bridge=none --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
  >>"$DOCKERD_LOG" 2>&1 < /dev/null &

for _ in $(seq 1 120); do
  if "$DOCKER" info >/dev/null 2>&1; then
    echo "docker-up: dockerd is answering" >&2
    exit 0
  fi
  sleep 0.5
done
echo "docker-up: dockerd did not answer within 60 s; last lines of $DOCKERD_LOG:" >&2
tail -n 30 "$DOCKERD_LOG" >&2 || true
exit 1
