#!/usr/bin/env bash
# A stand-in for a two-node kind cluster, for tests on machines where kind itself cannot run
# (no image registry, no privileged containers). Test infrastructure only: the library talks to
# real kind nodes the same way.
#
#   kind-standin.sh up [CLUSTER]     two node containers <CLUSTER>-control-plane and <CLUSTER>-worker
#                                    (default CLUSTER jn-kind) on one internal Docker network,
#                                    labelled as kind labels its nodes, with kindnet-style pods and
#                                    cross-node pod routes. Idempotent.
#   kind-standin.sh down [CLUSTER]   removes the containers and network of that stand-in cluster
#                                    (only what carries our label dev.netns.standin=<CLUSTER>)
#   kind-standin.sh down --all       removes every stand-in cluster this script made
#   kind-standin.sh pod NODE POD_IP GATEWAY POD_CIDR
#                                    adds one pod the way kindnet (CNI ptp) does: a cni-<uuid>
#                                    namespace whose eth0 holds POD_IP/<prefix of POD_CIDR>, routes
#                                    via GATEWAY; on the node a veth<8 hex> holding GATEWAY/32 and a
#                                    /32 route to the pod. Prints "<namespace> <node veth>".
#   kind-standin.sh status [CLUSTER]
#
# Layout made by `up` (like `kind create cluster` with one worker):
#   <C>-control-plane  podCIDR 10.244.0.0/24 (gateway 10.244.0.1), pod 10.244.0.2
#   <C>-worker         podCIDR 10.244.1.0/24 (gateway 10.244.1.1), pods 10.244.1.2, 10.244.1.3
#   each node routes the other's podCIDR via the other's node address; forwarding is on inside
#   the node containers (never on this machine).
#
# Like a kind node, each node has the reference CNI plugins in /opt/cni/bin (copied from this
# machine's /usr/lib/cni when present).
#
# Node containers: image from kind-node-image.sh, --init (reaps orphans as kind's systemd does),
# tmpfs on /run (so `ip netns add` can bind-mount under /run/netns) and the capabilities that work
# where --privileged does not: NET_ADMIN, SYS_ADMIN, NET_RAW, seccomp and apparmor unconfined.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
DOCKER=${DOCKER:-/usr/bin/docker}
[ -x "$DOCKER" ] || DOCKER=$(command -v docker)
LABEL=dev.netns.standin
# Candidate subnets for the node network: documentation and benchmarking ranges that are never
# routed on the internet. The first one that overlaps none of this machine's own routes and that
# Docker accepts is used (a machine may itself sit on one of these ranges: its uplink or proxy must
# stay reachable). The Docker bridge of an internal network carries no route out of this machine.
SUBNETS=${STANDIN_SUBNETS:-"198.51.100.0/24 198.18.0.0/24 198.18.1.0/24 198.18.2.0/24 198.18.3.0/24 198.19.0.0/24 198.19.1.0/24"}

die() { echo "kind-standin: $*" >&2; exit 1; }

# The fixed script that lays out one kindnet (ptp) pod inside a node; values come as arguments.
POD_SCRIPT='
set -euo pipefail
pod_ip=$1 gw=$2 cidr=$3
prefix=${cidr#*/}
ns=cni-$(cat /proc/sys/kernel/random/uuid)
veth=veth$(head -c4 /dev/urandom | od -An -tx1 | tr -d " \n")
ip netns add "$ns"
ip -n "$ns" link set lo up
ip link add "$veth" type veth peer name eth0 netns "$ns"
ip -n "$ns" addr add "$pod_ip/$prefix" dev eth0
ip -n "$ns" link set eth0 up
ip link set "$veth" up
ip addr add "$gw/32" dev "$veth"
ip route add "$pod_ip/32" dev "$veth" scope host
# ptp replaces the connected route with routes via the gateway
ip -n "$ns" route del "$cidr" dev eth0
ip -n "$ns" route add "$gw/32" dev eth0 scope link src "$pod_ip"
ip -n "$ns" route add "$cidr" via "$gw" dev eth0 src "$pod_ip"
ip -n "$ns" route add default via "$gw" dev eth0
echo "$ns $veth"
'

pod() {
  [ $# -eq 4 ] || die "usage: kind-standin.sh pod NODE POD_IP GATEWAY POD_CIDR"
  "$DOCKER" exec "$1" bash -c "$POD_SCRIPT" pod "$2" "$3" "$4"
}

# Prints those of the given subnets that overlap none of this machine's own routes (other than
# the default route) and hold none of the peers it talks to (TCP peers, name servers, Maven Central
# and the Debian mirror as they resolve here): a Docker bridge there would cut the machine off
# from them. One look at the machine for all candidates, in the order given.
free_subnets() {
  python3 - "$@" <<'PY'
import glob, ipaddress, json, re, socket, subprocess, sys
routes = json.loads(subprocess.run(["ip", "-j", "-4", "route", "show", "table", "all"],
                                   capture_output=True, text=True).stdout or "[]")
taken = []
for r in routes:
    dst = r.get("dst", "")
    if dst not in ("", "default"):
        try:
            taken.append(ipaddress.ip_network(dst if "/" in dst else dst + "/32", strict=False))
        except ValueError:
            pass
peers = subprocess.run(["ss", "-Htn4"], capture_output=True, text=True).stdout.split("\n")
peers = [l.split()[4].rsplit(":", 1)[0] for l in peers if len(l.split()) >= 5]
try:
    peers += re.findall(r"^nameserver\s+(\S+)", open("/etc/resolv.conf").read(), re.M)
except OSError:
    pass
# the hosts this machine fetches from (Maven Central, the Debian mirror), as they resolve here
hosts = {"repo.maven.apache.org", "repo1.maven.org", "deb.debian.org"}
for f in glob.glob("/etc/apt/sources.list") + glob.glob("/etc/apt/sources.list.d/*"):
    try:
        hosts.update(re.findall(r"https?://([^/:\s]+)", open(f).read()))
    except OSError:
        pass
socket.setdefaulttimeout(3)
for h in hosts:
    try:
        peers += [ai[4][0] for ai in socket.getaddrinfo(h, 443, socket.AF_INET)]
    except OSError:
        pass
for a in peers:
    try:
        taken.append(ipaddress.ip_network(a + "/32"))
    except ValueError:
        pass
for candidate in sys.argv[1:]:
    net = ipaddress.ip_network(candidate, strict=False)
    if any(net.overlaps(t) for t in taken):
        print("kind-standin: " + candidate + " is in use by this machine's routes or peers, not used", file=sys.stderr)
    else:
        print(candidate)
PY
}

node_ip() {
  "$DOCKER" inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$1"
}

running() {
  [ "$("$DOCKER" inspect -f '{{.State.Running}}' "$1" 2>/dev/null || true)" = true ]
}

down() {
  local filter
  if [ "${1:-}" = --all ]; then filter="label=$LABEL"; else filter="label=$LABEL=${1:-jn-kind}"; fi
  local ids
  ids=$("$DOCKER" ps -aq --filter "$filter")
  [ -z "$ids" ] || "$DOCKER" rm -f $ids >/dev/null
  ids=$("$DOCKER" network ls -q --filter "$filter")
  [ -z "$ids" ] || "$DOCKER" network rm $ids >/dev/null
}

# Real kind nodes ship the reference CNI plugins in /opt/cni/bin; copy this machine's (Debian's
# containernetworking-plugins, static binaries) there when it has them.
CNI_PLUGINS="bridge host-local loopback portmap ptp tuning"
install_cni_plugins() {
  local src=${CNI_PLUGIN_DIR:-/usr/lib/cni} p
  [ -x "$src/ptp" ] || { echo "kind-standin: no CNI plugins in $src, the nodes get none" >&2; return 0; }
  "$DOCKER" exec "$1" mkdir -p /opt/cni/bin
  for p in $CNI_PLUGINS; do
    if [ -x "$src/$p" ]; then "$DOCKER" cp "$src/$p" "$1:/opt/cni/bin/$p" >/dev/null; fi
  done
}

start_node() {
  local cluster=$1 name=$2 role=$3 net=$4 image=$5 out
  # (docker warns that this machine does not forward IPv4: the nodes do not need it to)
  out=$("$DOCKER" run -d --name "$name" --hostname "$name" --network "$net" --init \
    --cap-add NET_ADMIN --cap-add SYS_ADMIN --cap-add NET_RAW \
    --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --tmpfs /run --tmpfs /tmp \
    --sysctl net.ipv4.ip_forward=1 \
    --label "io.x-k8s.kind.cluster=$cluster" --label "io.x-k8s.kind.role=$role" --label "$LABEL=$cluster" \
    "$image" sleep infinity 2>&1) || { echo "$out" >&2; return 1; }
}

up() {
  local cluster=${1:-jn-kind}
  [[ $cluster =~ ^[a-z0-9][a-z0-9.-]*$ ]] || die "cluster name '$cluster': use lower-case letters, digits, '-' and '.'"
  local cp=$cluster-control-plane worker=$cluster-worker
  if running "$cp" && running "$worker" \
      && [ -n "$("$DOCKER" exec "$worker" ip netns list 2>/dev/null)" ]; then
    echo "kind-standin: cluster $cluster is up" >&2
    status "$cluster"
    return 0
  fi
  down "$cluster"
  local image
  image=$("$here/kind-node-image.sh")
  local net=$cluster-net created=
  for subnet in $(free_subnets $SUBNETS); do
    if "$DOCKER" network create --internal --subnet "$subnet" --label "$LABEL=$cluster" "$net" >/dev/null 2>&1; then
      created=$subnet
      break
    fi
  done
  [ -n "$created" ] || die "no free subnet for the node network among: $SUBNETS (set STANDIN_SUBNETS)"
  start_node "$cluster" "$cp" control-plane "$net" "$image"
  start_node "$cluster" "$worker" worker "$net" "$image"
  # fail early, with the reason, where `ip netns add` cannot work
  "$DOCKER" exec "$worker" bash -c 'ip netns add jn-standin-probe && ip netns del jn-standin-probe' \
    || die "ip netns add does not work inside the node container $worker"
  install_cni_plugins "$cp"
  install_cni_plugins "$worker"
  local cp_ip worker_ip
  cp_ip=$(node_ip "$cp")
  worker_ip=$(node_ip "$worker")
  pod "$cp" 10.244.0.2 10.244.0.1 10.244.0.0/24 >/dev/null
  pod "$worker" 10.244.1.2 10.244.1.1 10.244.1.0/24 >/dev/null
  pod "$worker" 10.244.1.3 10.244.1.1 10.244.1.0/24 >/dev/null
  # kindnet's cross-node routes: each node reaches the other's podCIDR via that node's address
  "$DOCKER" exec "$cp" ip route add 10.244.1.0/24 via "$worker_ip" dev eth0
  "$DOCKER" exec "$worker" ip route add 10.244.0.0/24 via "$cp_ip" dev eth0
  echo "kind-standin: cluster $cluster is up (nodes $cp $cp_ip, $worker $worker_ip)" >&2
  status "$cluster"
}

status() {
  local cluster=${1:-jn-kind}
  for n in "$cluster-control-plane" "$cluster-worker"; do
    if running "$n"; then
      echo "$n $(node_ip "$n") pods: $("$DOCKER" exec "$n" ip netns list | awk '{print $1}' | tr '\n' ' ')"
    else
      echo "$n not running"
    fi
  done
}

cmd=${1:-}
shift || true
case "$cmd" in
  up) up "$@" ;;
  down) down "$@" ;;
  pod) pod "$@" ;;
  status) status "$@" ;;
  *) die "usage: kind-standin.sh up|down|status [CLUSTER] | down --all | pod NODE POD_IP GATEWAY POD_CIDR" ;;
esac
