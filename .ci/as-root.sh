# Sourced by the .ci scripts: they need root (packages, network namespaces, dockerd). As root they
# go on; otherwise they run themselves again through sudo when there is one, else say how to run.
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo -E env "PATH=$PATH" "$PWD/.ci/$(basename "$0")" "$@"
  fi
  echo "$(basename "$0") must run as root (it installs packages and creates network namespaces)," \
    "and this machine has no sudo: run it in a root shell" >&2
  exit 1
fi
