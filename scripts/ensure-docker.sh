#!/usr/bin/env bash
# Makes this machine ready for EtcdLab's Docker target, and does nothing that is already done:
#   1. installs docker.io, etcd-server, etcd-client, iptables and conntrack (partitions work by
#      conntrack marks; the driver clears its slot's entries) with apt-get when a command is missing;
#   2. starts dockerd in the background (no bridge, no iptables NAT: every member runs with host
#      networking on its own 127.x address) when no engine answers, and waits until it answers;
#   3. builds the etcd image (docker/build-image.sh) when it is missing.
# Runs as root (CI on a fresh Debian 12). Exits non-zero with a message saying what failed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
log=${DOCKERD_LOG:-/var/log/etcdlab-dockerd.log}

say() { printf 'ensure-docker: %s\n' "$*"; }
die() { printf 'ensure-docker: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run me as root: I install packages and start dockerd"

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
command -v iptables >/dev/null 2>&1 || missing+=(iptables)
command -v conntrack >/dev/null 2>&1 || missing+=(conntrack)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if docker info >/dev/null 2>&1; then
  say "docker engine answers"
else
  say "starting dockerd (--bridge=none --iptables=false), log in $log"
  # The etcd-server package may have started a system etcd on 127.0.0.1:2379; EtcdLab never
  # uses 127.0.0.1, so it can stay.
  nohup dockerd --bridge=none --iptables=false >"$log" 2>&1 &
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.25
  done
  docker info >/dev/null 2>&1 || die "dockerd did not answer within 30 s; see $log"
  say "docker engine answers"
fi

version=$(etcd --version | sed -n 's/^etcd Version: //p')
image=${ETCDLAB_IMAGE:-etcdlab/etcd:$version}
if docker image inspect "$image" >/dev/null 2>&1; then
  say "image $image present"
else
  say "building $image"
  "$repo/docker/build-image.sh" "$image" >/dev/null
  say "image $image built"
fi
