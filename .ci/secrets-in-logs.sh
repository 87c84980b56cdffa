#!/usr/bin/env bash
# After the test run: no log line of the whole run may hold a secret the tests used (master keys,
# JWT secrets, admin keys, provider keys). Reads every test class's captured output.
set -euo pipefail
cd "$(dirname "$0")/.."
secrets=(
  test-master-key-for-config-secrets-0123456789
  test-secret-key-that-is-at-least-32-bytes-long
  admin-bootstrap-key-for-tests-0123456789
  jwks-admin-bootstrap-key-0123456789
  sk-test-key sk-json-log-secret sk-key-secret-789 sk-round-trip sk-survives-rotation sk-live-123
  sk-from-the-python-service sk-to-shred
)
mapfile -t logs < <(ls */target/surefire-reports/*-output.txt 2>/dev/null || true)
if [[ ${#logs[@]} -eq 0 ]]; then
  echo "[ci] no captured test output to check" >&2
  exit 1
fi
found=0
for secret in "${secrets[@]}"; do
  if hits="$(grep -lF -- "$secret" "${logs[@]}")"; then
    echo "[ci] a secret used by the tests appears in their logs: ${secret:0:6}… in $hits" >&2
    found=1
  fi
done
echo "[ci] ${#logs[@]} captured logs checked for ${#secrets[@]} secrets: $([[ $found == 0 ]] && echo none found || echo FOUND)" >&2
exit "$found"
