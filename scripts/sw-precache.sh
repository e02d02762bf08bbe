#!/usr/bin/env bash
# Run by the Trunk post-build hook (post-build.sh): writes sw.js into the build with
# this build's id and the list of files to precache (every file Trunk produced, hashed
# names included).
set -euo pipefail
staging=${TRUNK_STAGING_DIR:?run by Trunk as a post_build hook}
source_dir=${TRUNK_SOURCE_DIR:-$(pwd)}
cd "$staging"
files=$(find . -type f ! -name sw.js ! -name '.*' | sed 's|^\./|/|' | sort)
build=$(for f in $files; do sha256sum ".$f"; done | sha256sum | cut -c1-16)
list=$(printf '%s\n' $files | sed 's/.*/"&"/' | paste -sd, -)
sed -e "s|__VERO_BUILD__|$build|" -e "s|__VERO_PRECACHE__|[$list]|" \
  "$source_dir/public/sw.js" >"$staging/sw.js"
