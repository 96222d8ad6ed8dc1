#!/bin/sh
# The desktop integration files, checked by their own validators (TAP).
# Usage: test-data-files.sh BUILD_DIR SOURCE_DIR
set -u
build=$1
src=$2
n=0
failed=0

check () {
  n=$((n + 1))
  name=$1
  shift
  if output=$("$@" 2>&1); then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    echo "$output" | sed 's/^/# /'
    failed=1
  fi
}

echo "1..4"
check "desktop-file-validate io.github.surat.Surat.desktop" \
  desktop-file-validate "$build/data/io.github.surat.Surat.desktop"
check "appstreamcli validate --no-net io.github.surat.Surat.metainfo.xml" \
  appstreamcli validate --no-net --explain "$build/data/io.github.surat.Surat.metainfo.xml"
check "glib-compile-schemas --strict io.github.surat.Surat.gschema.xml" \
  glib-compile-schemas --strict --dry-run "$src/data"
# The desktop file must say what a mail client is: Network;Email; and mailto:.
check "desktop file is a mail handler" \
  sh -c "grep -q '^Categories=Network;Email;' '$build/data/io.github.surat.Surat.desktop' &&
         grep -q '^MimeType=x-scheme-handler/mailto;' '$build/data/io.github.surat.Surat.desktop'"
exit $failed
