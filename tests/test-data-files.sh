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

echo "1..5"
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
# po/POTFILES.in must name every file with translatable strings (or its
# strings never reach the translators) and nothing that is gone (xgettext
# would fail). Sources: the gettext calls of the glib preset; .ui files:
# translatable="yes"; data/: the files the i18n module merges or that
# carry a gettext-domain.
potfiles_check () {
  cd "$src" || return 1
  listed=$(grep -v '^#' po/POTFILES.in | sed '/^[[:space:]]*$/d' | LC_ALL=C sort)
  wanted=$( { grep -rlE --include='*.c' --include='*.h' \
                '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_|g_dngettext|ngettext|g_dpgettext2?|g_dcgettext)[[:space:]]*\(' src
              grep -rl --include='*.ui' 'translatable="yes"' src data
              find data -name '*.desktop.in' -o -name '*.metainfo.xml.in' \
                -o -name '*.appdata.xml.in' -o -name '*.gschema.xml'
            } | LC_ALL=C sort -u)
  status=0
  printf '%s\n' "$listed" > "$tmp"
  missing=$(printf '%s\n' "$wanted" | LC_ALL=C comm -23 - "$tmp")
  if [ -n "$missing" ]; then
    echo "translatable strings in files missing from po/POTFILES.in:"
    echo "$missing"
    status=1
  fi
  for f in $listed; do
    if [ ! -f "$f" ]; then
      echo "po/POTFILES.in lists $f, which does not exist"
      status=1
    fi
  done
  if [ "$listed" != "$(grep -v '^#' po/POTFILES.in | sed '/^[[:space:]]*$/d')" ]; then
    echo "po/POTFILES.in is not sorted (LC_ALL=C sort)"
    status=1
  fi
  return $status
}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
check "po/POTFILES.in lists every file with translatable strings" potfiles_check
exit $failed
