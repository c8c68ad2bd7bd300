#!/usr/bin/env bash
# Runs every test of Linger.NET (unit, property, golden and the slow end-to-end ones).
# Sets up what the tests need first: Debian's python3-onnx for the independent ONNX checker
# (installed when missing and apt-get is usable; the checker tests fail with a clear message otherwise).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! python3 -c "import onnx" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing python3-onnx (independent ONNX checker)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-onnx >/dev/null
  else
    echo "test.sh: python3-onnx is not installed; run 'sudo apt-get install python3-onnx' for the ONNX checker tests" >&2
  fi
fi
results="$(pwd)/TestResults"
rm -rf "$results"
status=0
dotnet test Linger.slnx -c Release --logger "trx" --results-directory "$results" "$@" || status=$?
# One closing line over all test assemblies: "N passed, N failed, N skipped".
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(f"Tests: {p} passed, {f} failed, {s} skipped")
PY
exit $status
