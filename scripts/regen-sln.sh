#!/usr/bin/env bash
# Rebuilds EtcdLab.sln from every project in the tree (used after merging branches that each added projects).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f EtcdLab.sln
dotnet new sln -n EtcdLab --format sln >/dev/null
find core sim driver store cli tests bench -name '*.csproj' 2>/dev/null | sort | xargs -r dotnet sln EtcdLab.sln add >/dev/null
