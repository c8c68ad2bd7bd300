#!/usr/bin/env bash
# Packs every Linger.NET package into a local NuGet feed folder:
#   LingerNet.Numerics, LingerNet.Runtime, LingerNet (training, TorchSharp-cpu) and LingerNet.Cli (the `linger` tool).
# usage: build/pack.sh [--no-build] [FEED_DIR] [PACKAGE_VERSION]
#   --no-build       pack what the last Release build produced (the package test does this: the test run built it)
#   FEED_DIR         default: artifacts/feed in the repository
#   PACKAGE_VERSION  default: the VersionPrefix of Directory.Build.props (e.g. a test passes 0.1.0-e2e.20261202 so a
#                    fresh version never collides with an older build of the same version in the NuGet cache)
# Then: dotnet add package LingerNet --source FEED_DIR   /   dotnet tool install LingerNet.Cli --add-source FEED_DIR --tool-path DIR
set -euo pipefail
nobuild=()
if [ "${1:-}" = "--no-build" ]; then nobuild=(--no-build); shift; fi
root="$(cd "$(dirname "$0")/.." && pwd)"
feed="$(mkdir -p "${1:-$root/artifacts/feed}" && cd "${1:-$root/artifacts/feed}" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
props=(-c Release -o "$feed" --nologo -v:q "${nobuild[@]}")
if [ -n "${2:-}" ]; then props+=("-p:PackageVersion=$2"); fi
for project in Linger.Numerics Linger.Runtime Linger Linger.Cli; do
  dotnet pack "$root/src/$project/$project.csproj" "${props[@]}"
done
ls -1 "$feed"/*.nupkg
