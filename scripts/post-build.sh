#!/usr/bin/env bash
# Trunk post-build hook (Trunk runs a stage's hooks at once, so one hook runs these in
# order): minifies a release build's JavaScript (minify.mjs), then writes the service
# worker, whose precache list is made from the final files.
set -euo pipefail
if [ "${TRUNK_PROFILE:-}" = release ]; then
  node "$(dirname "${BASH_SOURCE[0]}")/minify.mjs" "${TRUNK_STAGING_DIR:?run by Trunk}"
fi
bash "$(dirname "${BASH_SOURCE[0]}")/sw-precache.sh"
