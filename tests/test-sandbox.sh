#!/bin/sh
# tools/run without the app (TAP): the sandbox starts, its mailbox holds
# the corpus, surat-cli fetches every message with each attachment intact
# and every non-Latin subject decoded, a second run finds nothing new,
# mail sent to the sandbox address comes back by POP3 and mail to others
# lands in sent/, and no server process outlives tools/run.
# Usage: test-sandbox.sh BUILD_DIR SOURCE_DIR
#
# Copyright 2026 The Surat authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
# shellcheck disable=SC2317  # functions called through check and trap
build=$1
src=$2
n=0
failed=0
py=/usr/bin/python3

# Reachable by the user nobody when run as root (Dovecot's mail processes).
tmp=$(mktemp -d "${TMPDIR:-/tmp}/surat-test-sandbox-XXXXXX")
chmod 755 "$tmp"
state=$tmp/state
run_pid=
cleanup () {
  [ -z "$run_pid" ] || kill -TERM "$run_pid" 2>/dev/null
  [ -z "$run_pid" ] || wait "$run_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}
not_ok () {
  n=$((n + 1))
  echo "not ok $n - $1"
  shift
  [ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/# /'
  failed=1
}
# check NAME COMMAND…: ok when the command succeeds; its output otherwise.
check () {
  name=$1
  shift
  if output=$("$@" 2>&1); then
    ok "$name"
  else
    not_ok "$name" "$output"
  fi
}

run () {
  "$src/tools/run" --builddir "$build" --no-build --state "$state" "$@"
}
cli () {
  XDG_CONFIG_HOME=$state/profile/config XDG_DATA_HOME=$state/profile/data \
    XDG_CACHE_HOME=$state/profile/cache XDG_STATE_HOME=$state/profile/state \
    "$build/src/cli/surat-cli" "$@"
}
# The server processes of the last start (from tools/run's servers.env).
server_pids () {
  sed -n 's/^SURAT_SANDBOX_\(DOVECOT\|SMTPD\)_PID=//p' "$state/servers.env"
}
none_alive () {
  pids=$(server_pids)
  [ -n "$pids" ] || { echo "no server PIDs in servers.env"; return 1; }
  for pid in $pids; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "process $pid still runs:"
      ps -o pid,args -p "$pid"
      return 1
    fi
  done
}
n_templates=$(ls "$src/tests/sandbox/messages/"*.eml | wc -l)

echo "1..11"

# 1. A first run seeds the mailbox and fetches all of it.
if output=$(run --check 2>&1) &&
   echo "$output" | grep -q "filled with $n_templates messages" &&
   echo "$output" | grep -q "^sandbox: $n_templates new"; then
  ok "tools/run --check seeds $n_templates messages and surat-cli fetches them all"
else
  not_ok "tools/run --check seeds $n_templates messages and surat-cli fetches them all" "$output"
fi
check "no server process is left after tools/run --check" none_alive

# 2. What arrived: every message, readable, with its attachments intact.
cli list --account sandbox --json >"$tmp/list.json" 2>&1
check "the Inbox lists $n_templates messages" $py -c '
import json, sys
messages = json.load(open(sys.argv[1]))
inbox = [m for m in messages if m["folder"] == "Inbox"]
if len(inbox) != int(sys.argv[2]):
    sys.exit("%d messages in the Inbox" % len(inbox))
' "$tmp/list.json" "$n_templates"

# RFC 2047 words in ISO-2022-JP, GBK, windows-1256, UTF-8 and ISO-8859-1,
# decoded into the subjects and names a person reads.
check "subjects and names in Japanese, Chinese, Arabic, Hindi, Greek and German are decoded" \
  $py -c '
import json, sys
messages = json.load(open(sys.argv[1]))
text = "\n".join("%s | %s" % (m["from"], m["subject"]) for m in messages)
for expected in ["サンプル到着のご連絡", "田中 美咲", "关于明年第一季度", "طلب عرض أسعار",
                 "प्रिया", "Νίκος", "Παραγγελία δειγμάτων", "Röstgrad", "Jürgen Becker"]:
    if expected not in text:
        sys.exit("missing %r in:\n%s" % (expected, text))
' "$tmp/list.json"

# Every asset file of the corpus comes back byte for byte from some message
# (the newsletter's banner is an inline cid: part: saved too).
mkdir -p "$tmp/saved"
for id in $($py -c '
import json, sys
print(" ".join(str(m["id"]) for m in json.load(open(sys.argv[1]))))
' "$tmp/list.json"); do
  mkdir -p "$tmp/saved/$id"
  cli save-attachments "$id" "$tmp/saved/$id" >/dev/null 2>&1
done
# A forwarded message is saved as a .eml: its own attachments too.
$py -c '
import email, email.policy, pathlib, sys
for eml in pathlib.Path(sys.argv[1]).glob("*/*.eml"):
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    for i, part in enumerate(message.iter_attachments()):
        (eml.parent / ("inner-%d-%s" % (i, part.get_filename()))).write_bytes(part.get_content())
' "$tmp/saved"
missing=
for asset in "$src/tests/sandbox/assets/"*; do
  found=0
  for file in "$tmp/saved/"*/*; do
    if [ -f "$file" ] && cmp -s "$asset" "$file"; then
      found=1
      break
    fi
  done
  [ $found = 1 ] || missing="$missing $(basename "$asset")"
done
if [ -z "$missing" ] && [ -n "$(ls "$tmp/saved/"*/ 2>/dev/null)" ]; then
  ok "every attachment (JPEG, PNG, WAV, PDF, DOCX) is saved byte for byte"
else
  not_ok "every attachment (JPEG, PNG, WAV, PDF, DOCX) is saved byte for byte" \
    "not found among the saved attachments:$missing" "$(ls -R "$tmp/saved")"
fi

fwd=$($py -c '
import json, sys
print([m["id"] for m in json.load(open(sys.argv[1])) if m["subject"].startswith("Fwd:")][0])
' "$tmp/list.json")
cli show --json "$fwd" >"$tmp/fwd.json" 2>&1
check "the forwarded message carries the original as an attached message" $py -c '
import json, sys
shown = json.load(open(sys.argv[1]))
inner = shown["attached_messages"]
if len(inner) != 1 or "Diana Putri" not in inner[0]["from"] or "Bill of Lading" not in inner[0]["text"]:
    sys.exit(json.dumps(shown, indent=1, ensure_ascii=False)[:3000])
' "$tmp/fwd.json"

# 3. A second run reuses the mailbox: the same UIDLs, nothing twice.
if output=$(run --check 2>&1) &&
   echo "$output" | grep -q "mailbox reused" &&
   echo "$output" | grep -q "^sandbox: 0 new"; then
  ok "a second tools/run reuses the mailbox and downloads nothing twice"
else
  not_ok "a second tools/run reuses the mailbox and downloads nothing twice" "$output"
fi

# 4. Sending: to the sandbox address it comes back by POP3; to anyone
# else it stays in sent/.
rm -f "$state/servers.env"
# Not through run(): $! must be tools/run itself, not a subshell.
"$src/tools/run" --builddir "$build" --no-build --state "$state" --no-app >"$tmp/serve.log" 2>&1 &
run_pid=$!
i=0
until grep -qx READY "$state/servers.env" 2>/dev/null || [ $i -ge 300 ]; do
  sleep 0.1
  i=$((i + 1))
done
# The plain listing is a table a person reads in a terminal: valid UTF-8,
# long names cut at a character (not a byte) with "…", and the subjects
# starting in the same terminal column whatever the script of the name.
cli list --account sandbox >"$tmp/list.txt" 2>&1
check "surat-cli list cuts names by characters and keeps its columns" $py -c '
import sys, unicodedata
text = open(sys.argv[1], "rb").read().decode("utf-8")
def cols(s):
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = [l for l in text.splitlines() if l.strip()]
assert any("Νίκος Παπαδόπουλ" in l and "…" in l for l in lines), "no cut Greek name:\n" + text
for l in lines:
    # id, flags, date, folder, then the 28-column name: the subject follows two spaces later.
    prefix = l.split("Inbox   ", 1)[1]
    i = 0; w = 0
    while w < 28: w += cols(prefix[i]); i += 1
    assert prefix[i:i + 2] == "  ", "column broken: %r" % l
' "$tmp/list.txt"

echo "A note to myself." >"$tmp/body.txt"
cli send --account sandbox --to sari@kopinusantara.test --to budi@kopinusantara.test \
  --subject "Catatan untuk diri sendiri" --body-file "$tmp/body.txt" >"$tmp/send.log" 2>&1
if output=$(cli fetch sandbox 2>&1) && echo "$output" | grep -q "^sandbox: 1 new" &&
   cli list --account sandbox --folder Inbox --search "catatan" | grep -q "Catatan untuk diri sendiri"; then
  ok "a message sent to the sandbox address is fetched back into the Inbox"
else
  not_ok "a message sent to the sandbox address is fetched back into the Inbox" \
    "$output" "$(cat "$tmp/send.log" "$tmp/serve.log")"
fi
if grep -lq "Catatan untuk diri sendiri" "$state/mailbox/sent/new/"* 2>/dev/null; then
  ok "a message to another address lands in the sandbox's sent/ Maildir"
else
  not_ok "a message to another address lands in the sandbox's sent/ Maildir" \
    "$(ls -R "$state/mailbox/sent")"
fi

# 5. SIGTERM (or Ctrl-C) to tools/run stops both servers.
kill -TERM "$run_pid"
wait "$run_pid"
status=$?
run_pid=
if [ "$status" = 143 ]; then
  check "no server process is left after tools/run is stopped" none_alive
else
  not_ok "no server process is left after tools/run is stopped" \
    "tools/run exited with $status" "$(cat "$tmp/serve.log")"
fi

exit $failed
