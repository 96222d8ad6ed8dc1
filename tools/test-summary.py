#!/usr/bin/python3
"""Counts test cases across every TAP test of one or more `meson test` runs.

Usage: test-summary.py MESON_STATUS TESTLOG.json…

A GTest binary reports one "ok"/"not ok" line per test case; a binary
that crashed, timed out or printed no TAP at all counts as one failure.
The last line printed is "N passed, N failed" (the skipped ones, if any,
just before it).
"""
import json
import os
import re
import sys

passed = failed = skipped = 0
failures = []
for path in sys.argv[2:]:
    build = os.path.basename(os.path.dirname(os.path.dirname(path)))
    with open(path) as log:
        for line in log:
            test = json.loads(line)
            name = "%s/%s" % (build, test["name"])
            ok_lines = bad_lines = 0
            for out in (test.get("stdout") or "").splitlines():
                m = re.match(r"^(not ok|ok)\b[^#]*(#\s*(SKIP|TODO))?", out)
                if not m:
                    continue
                if m.group(3) == "SKIP":
                    skipped += 1
                elif m.group(1) == "ok":
                    ok_lines += 1
                else:
                    bad_lines += 1
                    failures.append("%s: %s" % (name, out))
            passed += ok_lines
            failed += bad_lines
            if test["result"] not in ("OK", "SKIP", "EXPECTEDFAIL") and bad_lines == 0:
                failed += 1
                failures.append("%s: %s" % (name, test["result"]))

for f in failures:
    print("FAILED " + f)
if skipped:
    print("%d skipped" % skipped)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed or int(sys.argv[1]) else 0)
