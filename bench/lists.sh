#!/usr/bin/env bash
# List-filtering benchmark (see lists/main.rs): 20,000 observations in the account's
# IndexedDB in headless Chromium, then each filter change timed as a screen does it
# (index + filter). Prints the figures beside the 100 ms target.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

ensure_wasm_toolchain
ensure_web_tools
apt_install chromium chromium-driver
write_webdriver_config

say "List-filtering benchmark in Chromium (release build)"
env "${WASM_ENV[@]}" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER="$(command -v chromedriver)" \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/target/webdriver.json" \
  WASM_BINDGEN_TEST_TIMEOUT=600 \
  cargo test --release -p vero --target "$WASM_TARGET" --test lists_bench -- --nocapture 2>&1 |
  grep -E "lists:|test result|panicked|error" || die "the list benchmark did not run"
