"""Fails when a translatable string of the addon is missing from the
committed template, or from a translation that must stay complete:
`pot_check.py <committed.pot> <exported.pot> [<language.po> ...]`."""
# A command-line check prints its verdict.
# pylint: disable=print-used
import re
import sys

import polib

# Python-format placeholders: a translation must keep every one of its source's.
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdfr]")


def msgids(path):
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(path) if entry.msgid}


committed, exported = msgids(sys.argv[1]), msgids(sys.argv[2])
missing = sorted(exported - committed, key=lambda key: key[1])
if missing:
    print(f"{len(missing)} translatable strings are missing from {sys.argv[1]}; regenerate it "
          f"(odoo-bin --i18n-export=... --modules=agency_account_manager), e.g.:")
    for _ctxt, msgid in missing[:20]:
        print(f"  {msgid[:100]!r}")
    sys.exit(1)
print(f"ok: the .pot holds all {len(exported)} translatable strings")
for path in sys.argv[3:]:
    untranslated = [entry.msgid for entry in polib.pofile(path) if entry.msgid and not entry.msgstr]
    missing = exported - msgids(path)
    if untranslated or missing:
        print(f"{path}: {len(missing)} strings missing and {len(untranslated)} untranslated, e.g.:")
        for msgid in (untranslated + [m for _c, m in missing])[:20]:
            print(f"  {msgid[:100]!r}")
        sys.exit(1)
    broken = [entry.msgid for entry in polib.pofile(path) if entry.msgstr
              and sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr))]
    if broken:
        print(f"{path}: {len(broken)} translations lose or rename a placeholder of their source, e.g.:")
        for msgid in broken[:20]:
            print(f"  {msgid[:100]!r}")
        sys.exit(1)
    print(f"ok: {path} translates all of them, placeholders kept")
