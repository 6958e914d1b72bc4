"""``tatausaha areas``: the installed areas and the record kinds they declare (the registry)."""

from __future__ import annotations

import argparse
from typing import Any

from tatausaha import registry
from tatausaha.cli import emit


def register(sub: Any) -> None:
    p = sub.add_parser("areas", help="area yang terpasang dan jenis catatannya (untuk kode QR, pindaian, pencarian)")
    p.set_defaults(handler=cmd_areas, needs_db=False)


def cmd_areas(args: argparse.Namespace, ctx: Any) -> int:
    data: list[dict[str, Any]] = [
        {
            "area": a.name, "label": a.label, "built": a.built,
            "kinds": [{"name": k.name, "label": k.label, "built": k.built, "qr_aliases": list(k.qr_aliases),
                       "cover_aliases": list(k.cover_aliases), "jenis": list(k.search_aliases)} for k in a.kinds],
        }
        for a in registry.areas()
    ]
    lines = []
    for a in data:
        state = "" if a["built"] else " (belum tersedia)"
        lines.append(f"{a['label']} [{a['area']}]{state}")
        for k in a["kinds"]:
            extra = f"; kode QR juga: {', '.join(k['qr_aliases'])}" if k["qr_aliases"] else ""
            if k["cover_aliases"]:
                extra += f"; lembar sampul: {', '.join(k['cover_aliases'])}"
            lines.append(f"  {k['name']}: {k['label']}{extra}")
    emit(ctx, data, "\n".join(lines))
    return 0
