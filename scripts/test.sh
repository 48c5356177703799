#!/usr/bin/env bash
# The test command (README.md): makes this machine ready for every test, then runs them all.
#   - the Docker engine, etcd 3.4 and the etcd image (scripts/ensure-docker.sh; installs with apt-get
#     and starts dockerd when missing),
#   - a throwaway PostgreSQL for the shared event store (scripts/ensure-postgres.sh),
#   - then every test project, one after another: the Docker tests measure real etcd with 100 ms
#     election timeouts and must not compete for the CPU with another project's tests.
# Docker and PostgreSQL tests run; they never skip. Needs root (apt-get, dockerd, iptables).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-docker.sh
ETCDLAB_PG="$(scripts/ensure-postgres.sh)"
export ETCDLAB_PG

dotnet build EtcdLab.sln -c Release -nologo -v quiet
failed=()
for project in tests/*/*.Tests.csproj; do
  echo "== $project"
  dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=minimal" "$@" || failed+=("$project")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "all test projects passed"
