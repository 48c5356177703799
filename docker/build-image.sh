#!/usr/bin/env bash
# Builds the etcd image EtcdLab's Docker driver runs, from the etcd installed on this machine:
# docker/Dockerfile with a rootfs/ holding /usr/bin/etcd, /usr/bin/etcdctl and the libraries ldd
# lists for them. Tags it etcdlab/etcd:<version> (or the tag given as $1).
# The driver does the same in-process when the image is missing; this script is for CI and
# scripts/ensure-docker.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
etcd_bin=${ETCD_BIN:-$(command -v etcd)}
etcdctl_bin=${ETCDCTL_BIN:-$(command -v etcdctl)}
version=$("$etcd_bin" --version | sed -n 's/^etcd Version: //p')
tag=${1:-etcdlab/etcd:$version}

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/rootfs/usr/bin"
cp "$here/Dockerfile" "$ctx/Dockerfile"
cp "$etcd_bin" "$ctx/rootfs/usr/bin/etcd"
cp "$etcdctl_bin" "$ctx/rootfs/usr/bin/etcdctl"
# Every absolute path ldd prints (libc, the dynamic loader), copied to the same place.
for lib in $(ldd "$etcd_bin" "$etcdctl_bin" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $1 !~ /:$/ {print $1}' | sort -u); do
  mkdir -p "$ctx/rootfs$(dirname "$lib")"
  cp -L "$lib" "$ctx/rootfs$lib"
done
docker build -q -t "$tag" "$ctx" >/dev/null
echo "$tag"
