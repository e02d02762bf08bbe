# Shared by scripts/run.sh, scripts/test.sh and bench/: finds, or installs, what Vēro's
# build needs, so a fresh machine gets there from one command. Source it; don't run it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"
WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
WASM_TARGET=wasm32-unknown-unknown
SCHEMATHESIS_VERSION=4.32.5
# The wasm build keeps its own target dir: it may use another compiler than the host
# crates, and the two must not invalidate each other's caches.
WASM_TARGET_DIR="$ROOT/target/wasm"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

APT_UPDATED=""
# Installs the Debian packages that are not installed yet.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "please install: ${missing[*]} (no apt-get here)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "Installing ${missing[*]} (apt)"
  if [ -z "$APT_UPDATED" ]; then
    $sudo apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Rust from rustup if it is there; on Debian without it, Debian's own rustc-web and cargo.
ensure_rust() {
  if command -v cargo >/dev/null && command -v rustc >/dev/null; then return 0; fi
  command -v apt-get >/dev/null \
    || die "Rust is missing: install it with rustup (https://rustup.rs), then run this again"
  apt_install rustc-web cargo-web
}

has_wasm_std() {
  [ -d "$(rustc --print sysroot)/lib/rustlib/$WASM_TARGET/lib" ]
}

# Chooses how to compile to wasm and leaves the environment for it in WASM_ENV:
# rustup's wasm32 target where it has (or can fetch) one; otherwise Debian's rustc-web
# with the standard library built from source and linked by wasm-ld.
# VERO_WASM_TOOLCHAIN=rustup|debian forces one way (default: auto).
ensure_wasm_toolchain() {
  WASM_ENV=(CARGO_TARGET_DIR="$WASM_TARGET_DIR")
  local choice=${VERO_WASM_TOOLCHAIN:-auto}
  if [ "$choice" != debian ]; then
    if has_wasm_std; then return 0; fi
    if command -v rustup >/dev/null \
      && timeout 120 rustup target add "$WASM_TARGET" >/dev/null 2>&1 && has_wasm_std; then
      return 0
    fi
    [ "$choice" = rustup ] && die "rustup could not add the $WASM_TARGET target"
  fi
  say "Compiling to wasm with Debian's rustc-web, building std from source"
  apt_install rustc-web cargo-web rust-web-src lld-22
  local linker
  linker=$(command -v wasm-ld-22 || echo /usr/lib/llvm-22/bin/wasm-ld)
  WASM_ENV+=(
    RUSTC=/usr/bin/rustc
    RUSTC_BOOTSTRAP=1
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$linker"
  )
}

# The shipped app's build, left in APP_ENV. Where the standard library can be compiled
# from source (Debian's rustc-web with rust-web-src, or rustup with rust-src), it is,
# with panics that stop at once instead of formatting a message nobody in a classroom
# reads, without Debug formatting and source locations, and with std's smaller (slower
# only on large inputs) sorting and number formatting (`optimize_for_size`): the
# download shrinks by an eighth. Elsewhere the app is built as the tests build it, only
# bigger.
# VERO_SMALL_WASM=0 turns this off.
ensure_app_toolchain() {
  ensure_wasm_toolchain
  APP_ENV=("${WASM_ENV[@]}")
  [ "${VERO_SMALL_WASM:-1}" = 1 ] || return 0
  local small="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort"
  small+=" -Zfmt-debug=none -Zlocation-detail=none"
  if (apt_install rustc-web cargo-web rust-web-src lld-22) 2>/dev/null \
    && [ -d /usr/lib/rustlib/src/rust/library ]; then
    local linker
    linker=$(command -v wasm-ld-22 || echo /usr/lib/llvm-22/bin/wasm-ld)
    APP_ENV=(RUSTC=/usr/bin/rustc CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$linker")
  elif command -v rustup >/dev/null && has_wasm_std \
    && timeout 120 rustup component add rust-src >/dev/null 2>&1; then
    APP_ENV=()
  else
    say "No standard library source for wasm here: the app is built larger"
    return 0
  fi
  # Its own target dir: other flags than the tests' build, and no cache thrashing.
  APP_ENV+=(
    CARGO_TARGET_DIR="$ROOT/target/wasm-app"
    RUSTC_BOOTSTRAP=1
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$small"
  )
}

# ensure_cargo_tool BINARY CRATE VERSION [cargo install flags...]
ensure_cargo_tool() {
  local bin=$1 crate=$2 version=$3
  shift 3
  if command -v "$bin" >/dev/null && "$bin" --version 2>/dev/null | grep -qw "$version"; then
    return 0
  fi
  say "Installing $crate $version (cargo install; takes a few minutes once)"
  cargo install --quiet "$crate" --version "$version" "$@"
}

# schemathesis (PyPI), pinned, in a virtualenv of its own under target/; leaves its path
# in SCHEMATHESIS.
ensure_schemathesis() {
  local venv="$ROOT/target/schemathesis"
  SCHEMATHESIS="$venv/bin/schemathesis"
  if [ -x "$SCHEMATHESIS" ] \
    && "$SCHEMATHESIS" --version 2>/dev/null | grep -qw "$SCHEMATHESIS_VERSION"; then
    return 0
  fi
  command -v python3 >/dev/null || apt_install python3
  python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
  say "Installing schemathesis $SCHEMATHESIS_VERSION (pip, into ${venv#"$ROOT"/})"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION"
}

ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
}

# npm packages pinned by DIR/package-lock.json, installed when missing or stale.
ensure_npm_packages() {
  local dir=$1 sum
  ensure_node
  sum=$(sha256sum "$dir/package-lock.json")
  if [ "$(cat "$dir/node_modules/.lock-sum" 2>/dev/null)" != "$sum" ]; then
    say "Installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$sum" >"$dir/node_modules/.lock-sum"
  fi
}

WEB_TOOLS_READY=""
ensure_web_tools() {
  [ -n "$WEB_TOOLS_READY" ] && return 0
  ensure_wasm_toolchain
  ensure_npm_packages "$ROOT/scripts"
  export PATH="$ROOT/scripts/node_modules/.bin:$PATH"
  ensure_cargo_tool wasm-bindgen wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
  ensure_cargo_tool trunk trunk "$TRUNK_VERSION" --locked
  WEB_TOOLS_READY=1
}

# A fingerprint of everything that goes into the app, so an unchanged app is not rebuilt.
app_fingerprint() {
  (cd "$ROOT" && find Cargo.toml Cargo.lock Trunk.toml index.html .cargo src style public domain \
      scripts/post-build.sh scripts/minify.mjs scripts/sw-precache.sh scripts/package-lock.json \
      -type f -not -path '*/target/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum)
}

# Builds the release app into dist/ with Trunk, unless dist/ already holds this source.
build_app() {
  local stamp="$ROOT/dist/.fingerprint" sum
  sum=$(app_fingerprint)
  if [ -f "$ROOT/dist/index.html" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ]; then
    say "The app in dist/ is up to date"
    return 0
  fi
  ensure_web_tools
  ensure_app_toolchain
  say "Building the app (release, Trunk)"
  # wasm-bindgen adds the JS snippets of each build to its output directory and Trunk
  # ships all it finds there: one removed from the source must not linger.
  rm -rf "$ROOT"/target/wasm*/wasm-bindgen/*/snippets
  # Fetched in the build's environment: with std built from source, its crates too
  # (Trunk builds offline).
  (cd "$ROOT" && env "${APP_ENV[@]}" cargo fetch --quiet --target "$WASM_TARGET" \
    && env "${APP_ENV[@]}" TRUNK_SKIP_VERSION_CHECK=true TRUNK_OFFLINE=true \
      trunk build --release --config "$ROOT/Trunk.toml")
  echo "$sum" >"$stamp"
}

# The server as run.sh and the benchmarks use it.
build_server() {
  say "Building the server"
  (cd "$ROOT" && cargo build --quiet --profile server -p vero-server)
  SERVER_BIN="$ROOT/target/server/vero-server"
}

# Headless Chromium for wasm-bindgen-test's WebDriver runs (the store tests, the list
# benchmark), in target/webdriver.json.
write_webdriver_config() {
  mkdir -p "$ROOT/target"
  cat >"$ROOT/target/webdriver.json" <<'JSON'
{"goog:chromeOptions":{"args":["--headless=new","--no-sandbox","--disable-gpu","--disable-dev-shm-usage","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run"]}}
JSON
}
