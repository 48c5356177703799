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
logs="$(mktemp -d)"
for project in tests/*/*.Tests.csproj; do
  echo "== $project"
  log="$logs/$(basename "$project" .csproj).log"
  dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log" \
    || failed+=("$project")
done
if [ ${#failed[@]} -gt 0 ]; then
  # Repeat each failed test's name and message at the end, where a CI log's tail shows them.
  for project in "${failed[@]}"; do
    echo "== failed in $project" >&2
    grep -E -A12 '^\s+Failed [A-Za-z]' "$logs/$(basename "$project" .csproj).log" | cut -c1-300 | head -60 >&2 || true
  done
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "all test projects passed"
