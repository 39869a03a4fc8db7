#!/usr/bin/env python3
"""mkzip.py OUT PATH=TEXT ... [--symlink PATH=TARGET]: writes a ZIP with exactly these entries (in this order,
paths taken verbatim, `..` and absolute ones included), to test that hostile archives are refused."""
import sys
import zipfile

out = sys.argv[1]
with zipfile.ZipFile(out, "w") as z:
    link = False
    for arg in sys.argv[2:]:
        if arg == "--symlink":
            link = True
            continue
        path, _, text = arg.partition("=")
        info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
        if link:
            info.external_attr = (0o120777 << 16)
            info.create_system = 3
            link = False
        else:
            info.external_attr = 0o644 << 16
        z.writestr(info, text.replace("\\n", "\n"))
