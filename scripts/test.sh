#!/usr/bin/env bash
# The test command (README.md): makes this machine ready for every test, then runs them all.
#   - the Docker engine, etcd 3.4 and the etcd image (scripts/ensure-docker.sh; installs with apt-get
#     and starts dockerd when missing),
#   - a throwaway PostgreSQL for the shared event store (scripts/ensure-postgres.sh),
#   - then `dotnet test` over the whole solution: Docker and PostgreSQL tests run, never skip.
# Needs root for apt-get, dockerd and iptables (CI runs it as root on a fresh machine).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-docker.sh
ETCDLAB_PG="$(scripts/ensure-postgres.sh)"
export ETCDLAB_PG

dotnet test EtcdLab.sln -c Release --logger "console;verbosity=minimal" "$@"
