#!/usr/bin/env bash
# Copies the ALTCHA widget (the proof-of-work challenge of the public registration form)
# from the npm registry into static/vendor/altcha/, so the portal serves it itself: no
# CDN at run time. Run it to upgrade (change VERSION and INTEGRITY together, from
# `npm view altcha@NEW dist.integrity`), then commit static/vendor/altcha/.
#
# The files are the "external" build: no inline styles and no worker inlined as a
# blob, so it runs under the portal's Content Security Policy (script-src 'self',
# style-src 'self'); its stylesheet and the PBKDF2 worker are separate files.
set -euo pipefail
VERSION=3.2.2
INTEGRITY=sha512-yNITQaRSkRe0u/hMxdzoXFFqxqn9iDt1rJ0reREU3D3uDD3w1oFz6v5C2PMww2XnGThtYUwe8MW+PxsiBglNqw==

cd "$(dirname "$0")/.."
target=static/vendor/altcha
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "altcha@$VERSION" >/dev/null)
tarball="$work/altcha-$VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "altcha-$VERSION.tgz: integrity $actual, expected $INTEGRITY" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"
dist="$work/package/dist"

rm -rf "$target"
mkdir -p "$target/workers" "$target/i18n"
cp "$dist/external/altcha.min.js" "$dist/external/altcha.css" "$target/"
cp "$dist/workers/pbkdf2.js" "$target/workers/"
cp "$dist/i18n/id.js" "$target/i18n/"
cp "$work/package/LICENSE.txt" "$target/LICENSE.txt"
echo "altcha $VERSION ($INTEGRITY)" > "$target/VERSION"
echo "static/vendor/altcha: altcha $VERSION"
