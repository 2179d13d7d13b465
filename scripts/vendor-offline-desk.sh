#!/usr/bin/env bash
# Copies the offline check-in desk's browser libraries from the npm registry into
# static/vendor/, with their licences. The output is committed: the portal serves
# these files itself (no CDN; the CSP allows only 'self'). Re-run after changing a
# version below, then commit static/vendor/{workbox,idb,jsqr}.
#
#   workbox-sw + its prod modules: the service worker's runtime, loaded by
#     importScripts() from /static/ (setConfig modulePathPrefix, debug off)
#   idb: a small promise wrapper around IndexedDB (roster, outbox, device id)
#   jsqr: a QR decoder for browsers without BarcodeDetector
set -euo pipefail

WORKBOX=7.4.1
IDB=8.0.4
JSQR=1.4.0

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "workbox-sw@$WORKBOX" "workbox-core@$WORKBOX" "workbox-routing@$WORKBOX" \
  "workbox-strategies@$WORKBOX" "workbox-precaching@$WORKBOX" \
  "idb@$IDB" "jsqr@$JSQR" >/dev/null

out="$root/static/vendor"
rm -rf "$out/workbox" "$out/idb" "$out/jsqr"
mkdir -p "$out/workbox" "$out/idb" "$out/jsqr"

cp node_modules/workbox-sw/build/workbox-sw.js "$out/workbox/"
for module in core routing strategies precaching; do
  cp "node_modules/workbox-$module/build/workbox-$module.prod.js" "$out/workbox/"
done
cp node_modules/workbox-sw/LICENSE "$out/workbox/LICENSE"
printf 'workbox-sw, workbox-core, workbox-routing, workbox-strategies, workbox-precaching %s\nfrom https://registry.npmjs.org/ (scripts/vendor-offline-desk.sh)\n' "$WORKBOX" >"$out/workbox/VERSION"

cp node_modules/idb/build/umd.js "$out/idb/idb.umd.js"
cp node_modules/idb/LICENSE "$out/idb/LICENSE"
printf 'idb %s from https://registry.npmjs.org/ (scripts/vendor-offline-desk.sh)\n' "$IDB" >"$out/idb/VERSION"

cp node_modules/jsqr/dist/jsQR.js "$out/jsqr/jsQR.js"
cp node_modules/jsqr/LICENSE "$out/jsqr/LICENSE"
printf 'jsqr %s from https://registry.npmjs.org/ (scripts/vendor-offline-desk.sh)\n' "$JSQR" >"$out/jsqr/VERSION"

# The npm builds point at source maps the packages ship but we do not copy;
# collectstatic (ManifestStaticFilesStorage) fails on a reference to a missing file.
sed -i '/^\/\/# sourceMappingURL=/d' "$out"/workbox/*.js "$out"/idb/*.js "$out"/jsqr/*.js

echo "vendored workbox $WORKBOX, idb $IDB, jsqr $JSQR into $out"
