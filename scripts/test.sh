#!/usr/bin/env bash
# Runs every Vēro test (installing what is missing) and ends with "N passed, N failed".
#   1. domain and server, natively (cargo test);
#   2. the API's description against the real server (schemathesis, scripts/conformance.sh);
#   3. the device store in headless Chromium (wasm-bindgen-test);
#   4. end to end: the real server and the release app in Chromium, tablet and phone.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUT="$ROOT/target/test-output"
mkdir -p "$OUT"
PASSED=0
FAILED=0
STEPS_FAILED=()

# Adds the counts a runner printed; a step that failed without printing any failing
# test (a compile error, a crash) still counts as one failure.
count() {
  local name=$1 status=$2 log=$3 passed failed
  passed=$(grep -hoE '(test result: [a-zA-Z]+\. |^# pass |^ℹ pass )[0-9]+' "$log" \
    | grep -oE '[0-9]+$' | awk '{s+=$1} END {print s+0}') || true
  # "N failed;" as cargo's result line has it: a test's own output ("722 failed
  # attempts") is not a count of failed tests.
  failed=$(grep -hoE '([0-9]+ failed;|^# fail [0-9]+|^ℹ fail [0-9]+)' "$log" \
    | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}') || true
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  PASSED=$((PASSED + passed))
  FAILED=$((FAILED + failed))
  if [ "$status" -ne 0 ]; then STEPS_FAILED+=("$name"); fi
  say "$name: $passed passed, $failed failed"
}

# step NAME COMMAND...: runs it, shows and keeps its output, counts its tests.
step() {
  local name=$1 log status
  shift
  log="$OUT/$(echo "$name" | tr ' /' '__').log"
  say "$name"
  set +e
  "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  count "$name" "$status" "$log"
}

ensure_rust
ensure_web_tools
# poppler-utils: the print test turns a PDF page into an image and reads its text.
apt_install chromium chromium-driver poppler-utils
ensure_npm_packages "$ROOT/tests/e2e"
ensure_schemathesis

cd "$ROOT"
rm -f "$OUT/faults.txt"
step "native" cargo test -p vero-domain -p vero-server
if [ -f "$OUT/faults.txt" ]; then cat "$OUT/faults.txt"; fi
step "API conformance" bash "$ROOT/scripts/conformance.sh"

write_webdriver_config
step "store in Chromium" env "${WASM_ENV[@]}" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER="$(command -v chromedriver)" \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/target/webdriver.json" \
  cargo test -p vero --target "$WASM_TARGET" --test store

e2e() {
  build_app
  cargo build -p vero-server
  node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$OUT/e2e.tap" tests/e2e/
}
step "end to end in Chromium" e2e

say "screenshots and logs: ${OUT#"$ROOT"/}"
if [ ${#STEPS_FAILED[@]} -gt 0 ]; then
  say "failed: ${STEPS_FAILED[*]}"
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ ${#STEPS_FAILED[@]} -eq 0 ]
