#!/usr/bin/env bash
# Rebuilds EtcdLab.sln from every project in the tree (used after merging branches that each added projects).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f EtcdLab.sln
dotnet new sln -n EtcdLab --format sln >/dev/null
for project in $(find core sim driver store fuzz testing cli tests -name '*.csproj' 2>/dev/null | sort); do
  dotnet sln EtcdLab.sln add "$project" >/dev/null
done
