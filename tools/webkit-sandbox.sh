# webkit-sandbox.sh — sourced by tools/test and tools/run.
#
# WebKitGTK runs every web page in a bubblewrap sandbox and aborts the
# whole program when it cannot make one. Where the kernel gives no user
# namespaces (inside a chroot, some containers) that would take Surat's
# HTML view down; there — and only there — the sandbox is switched off,
# loudly. On a normal Debian 12 machine nothing changes.
webkit_sandbox_check () {
  if command -v bwrap >/dev/null 2>&1 &&
     bwrap --ro-bind / / --dev /dev --proc /proc --unshare-all true 2>/dev/null; then
    return 0
  fi
  echo "$(basename "$0"): this machine cannot make the user namespaces WebKit's sandbox" \
       "needs (a chroot or a locked-down container): HTML mail is shown without it here." >&2
  WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1
  export WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS
}
