"""Headless scan folder: ``tatausaha watch [FOLDER ...]`` and the Kotak Pindai: ``tatausaha inbox ...``."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

from tatausaha.cli import emit
from tatausaha.errors import ValidationFailed
from tatausaha.idformat import durasi

log = logging.getLogger("tatausaha.watch")


def register(sub: Any) -> None:
    p = sub.add_parser("watch", help="awasi folder pindai dan arsipkan pindaian (tanpa jendela)")
    p.add_argument("folder", nargs="*", type=Path, help="folder pindai (bawaan: folder yang diatur)")
    p.add_argument("--polling", action="store_true", help="periksa berkala, untuk folder jaringan (SMB/Windows share)")
    p.add_argument("--interval", type=float, default=1.0, help="selang pemeriksaan --polling, detik")
    p.add_argument("--quiet", type=float, help="jeda tenang (detik) sebelum berkas dianggap selesai ditulis")
    p.add_argument("--delete", action="store_true", help="hapus berkas asli setelah diarsipkan (bawaan: pindahkan)")
    p.add_argument("--processed", type=Path, help="folder tujuan berkas asli (bawaan: <folder>/_diproses)")
    p.add_argument("--once", action="store_true", help="proses yang ada sekarang lalu berhenti")
    p.add_argument("--no-ocr", action="store_true", help="jangan jalankan OCR")
    p.add_argument("--lease-poll", type=float, default=2.0,
                   help="di server: selang (detik) mencoba mengambil alih pengawasan dari komputer lain")
    p.set_defaults(handler=cmd_watch)

    p = sub.add_parser("inbox", help="Kotak Pindai: pindaian yang menunggu, karantina, folder pindai")
    isub = p.add_subparsers(dest="inbox_command", metavar="PERINTAH", required=True)
    a = isub.add_parser("list", help="pindaian yang menunggu (atau status lain)")
    a.add_argument("--state", default="review",
                   help="review, filed, duplicate, quarantined, split, discarded, atau 'all'")
    a.add_argument("--limit", type=int, default=100)
    a.set_defaults(handler=cmd_list)
    a = isub.add_parser("show", help="rincian satu pindaian dengan saran")
    a.add_argument("id", type=int)
    a.set_defaults(handler=cmd_show)
    a = isub.add_parser("attach", help="lampirkan pindaian ke catatan")
    a.add_argument("id", type=int)
    a.add_argument("kind", help="jenis catatan yang dikenal area terpasang (jenis yang salah: daftarnya ditampilkan)")
    a.add_argument("record_id", type=int)
    a.add_argument("--role", default="scan")
    a.set_defaults(handler=cmd_attach)
    a = isub.add_parser("discard", help="sisihkan pindaian dari Kotak Pindai (salinan arsip tetap)")
    a.add_argument("id", type=int)
    a.add_argument("--note", default="")
    a.set_defaults(handler=cmd_discard)
    q = isub.add_parser("quarantine", help="berkas di karantina")
    qsub = q.add_subparsers(dest="q_command", metavar="PERINTAH", required=True)
    a = qsub.add_parser("list", help="daftar berkas di karantina dengan alasannya")
    a.add_argument("--limit", type=int, default=100)
    a.set_defaults(handler=cmd_quarantine_list)
    f = isub.add_parser("folders", help="folder pindai yang diawasi")
    fsub = f.add_subparsers(dest="f_command", metavar="PERINTAH", required=True)
    a = fsub.add_parser("list", help="daftar folder pindai")
    a.set_defaults(handler=cmd_folders_list)
    a = fsub.add_parser("add", help="tambah/ubah folder pindai")
    a.add_argument("path", type=Path)
    a.add_argument("--label", default="")
    a.add_argument("--polling", action="store_true")
    a.add_argument("--interval", type=float, default=1.0)
    a.add_argument("--delete", action="store_true")
    a.add_argument("--processed", type=Path)
    a.set_defaults(handler=cmd_folders_add)
    a = fsub.add_parser("remove", help="berhenti mengawasi folder")
    a.add_argument("id", type=int)
    a.set_defaults(handler=cmd_folders_remove)
    a = isub.add_parser("status", help="jumlah per status dan keadaan OCR")
    a.set_defaults(handler=cmd_status)


class LineWriter:
    """Whole lines to a stream shared by threads: each line is written and flushed under one lock.

    ``print`` writes the text and its newline as two writes; on an unbuffered stream another
    worker's event could land between them, putting two JSON objects on one line."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._lock = threading.Lock()

    def line(self, text: str) -> None:
        data = text.replace("\r", " ").replace("\n", " ") + "\n"
        with self._lock:
            self.stream.write(data)
            self.stream.flush()

    def json(self, obj: dict[str, Any]) -> None:
        self.line(json.dumps(obj, ensure_ascii=False, default=str))  # json.dumps never emits a raw newline


def _describe(event: Any) -> str:
    labels = {"filed": "terarsip", "review": "menunggu", "duplicate": "duplikat", "quarantined": "karantina",
              "split": "dipisah", "error": "galat"}
    name = Path(event.path).name if event.path else (f"#{event.item_id}" if event.item_id else "")
    msg = f" — {event.message}" if event.message else ""
    return f"[{labels.get(event.kind, event.kind)}] {name}{msg}"


def cmd_watch(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.ingest import ocr
    from tatausaha.ingest.config import FolderSpec, list_folders, load_config
    from tatausaha.ingest.service import IngestService
    from tatausaha.services.auth import Permission

    # The watcher files scans as the logged-in person (a service account such as 'pemindai' for an
    # unattended watcher): it must be someone who may file them.
    ctx.actor.require(Permission.WRITE)
    with ctx.reader() as uow:
        config = load_config(uow)
        configured = {f.path: f for f in list_folders(uow, enabled_only=True)}
    if args.quiet is not None:
        config = config.with_(quiet_seconds=args.quiet)
    if args.no_ocr:
        config = config.with_(ocr_enabled=False)
    if args.folder:
        folders = []
        for raw in args.folder:
            path = raw.expanduser().absolute()
            spec = configured.get(path) or FolderSpec(path)
            if args.polling or args.delete or args.processed or args.interval != 1.0:
                spec = FolderSpec(path, id=spec.id, label=spec.label, polling=args.polling or spec.polling,
                                  poll_interval=args.interval, after="delete" if args.delete else spec.after,
                                  processed_path=args.processed or spec.processed_path)
            folders.append(spec)
    else:
        folders = list(configured.values())
        if not folders:
            raise ValidationFailed("Belum ada folder pindai. Sebutkan foldernya (tatausaha watch FOLDER) atau "
                                   "tambahkan dengan 'tatausaha inbox folders add FOLDER'.")
    as_json = getattr(ctx, "json", False)
    out = LineWriter(sys.stdout)

    def show(event: Any) -> None:
        if event.kind == "counts":
            return
        if event.kind in ("started", "stopped"):
            log.info("watcher %s %s", event.kind, event.message or "")
            return
        level = logging.WARNING if event.kind in ("quarantined", "failed", "error") else logging.INFO
        log.log(level, "%s", _describe(event))
        if as_json:
            out.json({"event": event.kind, "item_id": event.item_id, "path": event.path, "message": event.message})
        else:
            out.line(_describe(event))

    service = IngestService(ctx, folders, config, actor=ctx.actor, listener=show)
    st = ocr.status()
    if not as_json:
        print(st.message if config.ocr_enabled else "OCR dimatikan.", file=sys.stderr)
        for f in folders:
            mode = f"periksa berkala {durasi(f.poll_interval, 1)}" if f.polling else "peristiwa sistem berkas"
            print(f"Mengawasi {f.path} ({mode}).", file=sys.stderr)
    for f in folders:
        log.info("watching %s (%s)", f.path, "polling" if f.polling else "events")
    if args.once:
        from tatausaha.services.editlock import WATCHER, EditLocks

        # one pass is still a watcher: not while another PC of the office watches the folders
        locks = EditLocks(ctx.db, ctx.actor.username, purpose="pengawas pindai")
        got = locks.acquire(*WATCHER)
        if not got.granted:
            locks.close()
            raise ValidationFailed(f"Folder pindai sedang diawasi oleh {got.holder}; pemindaian sekali jalan tidak "
                                   "dilakukan agar tidak ada dua pengawas. Hentikan pengawasan di komputer itu dulu.")
        try:
            c = service.run_once()
        finally:
            locks.close()
        data = {"filed": c.filed, "review": c.review, "duplicate": c.duplicate, "quarantined": c.quarantined,
                "failed": c.failed, "pending": c.pending + c.ocr_pending}
        log.info("watch --once done: %s", data)
        if as_json:  # the same stream as the events: one object per line
            out.json({"event": "summary", **data})
        else:
            out.line(f"Selesai: {c.filed} terarsip, {c.review} menunggu di Kotak Pindai, {c.duplicate} duplikat, "
                     f"{c.quarantined} dikarantina.")
        return 0
    stop = threading.Event()

    def on_signal(_sig: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    from tatausaha.services.editlock import WatchLease

    # One watcher per office (on a server): whoever holds the watcher lock watches; the others wait
    # and take over when it goes away. Under SQLite the lock is granted at once.
    def acquired() -> None:
        log.info("scan watcher lock taken: this PC watches")
        if not as_json:
            print("Komputer ini sekarang mengawasi folder pindai.", file=sys.stderr, flush=True)
        else:
            out.json({"event": "watching"})
        service.start()

    def lost() -> None:
        log.warning("scan watcher lock lost: watching stops until it is taken again")
        if as_json:
            out.json({"event": "lost"})
        service.stop()

    def elsewhere(holder: str | None) -> None:
        if holder is None:
            return
        log.info("scan folders are watched by %s", holder)
        if as_json:
            out.json({"event": "watched_elsewhere", "holder": holder})
        else:
            print(f"Folder pindai sedang diawasi oleh {holder}; komputer ini menunggu dan mengambil alih bila "
                  "komputer itu berhenti.", file=sys.stderr, flush=True)

    lease = WatchLease(ctx.db, ctx.actor.username, on_acquired=acquired, on_lost=lost, on_holder=elsewhere,
                       poll=args.lease_poll)
    lease.start()
    try:
        while not stop.wait(1.0):
            pass
    finally:
        lease.stop()
        service.stop()
    return 0


def _row_dict(r: Any) -> dict[str, Any]:
    return {"id": r.id, "state": r.state, "name": r.source_name, "detected_at": r.detected_at.isoformat(),
            "pages": r.page_count, "method": r.method, "record_kind": r.record_kind, "record_id": r.record_id,
            "note": r.note, "reason": r.reason, "path": r.dest_path, "suggestion": r.top_suggestion}


def cmd_list(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.ingest import inbox
    from tatausaha.models.ingest import STATES

    states = list(STATES) if args.state == "all" else args.state.split(",")
    with ctx.reader() as uow:
        rows = inbox.list_items(uow, states, limit=args.limit)
    data = [_row_dict(r) for r in rows]
    text = "\n".join(f"{r.id:>6} {r.state_label:<10} {r.source_name[:40]:<40} {r.reason[:70] or r.top_suggestion or r.note[:70]}"
                     for r in rows) or "Tidak ada pindaian."
    emit(ctx, data, text)
    return 0


def cmd_show(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.ingest import inbox

    with ctx.reader() as uow:
        d = inbox.get_item(uow, args.id)
    data = _row_dict(d.row) | {"suggestions": [s.as_dict() for s in d.suggestions], "extracted": d.extracted.as_dict(),
                               "record": d.record_label}
    said = d.row.reason if d.row.state == "quarantined" else (d.row.note or d.row.reason)  # a quarantined note is a code
    lines = [f"Pindaian #{d.row.id}: {d.row.source_name} ({d.row.state_label})", said]
    if d.record_label:
        lines.append(f"Dilampirkan ke: {d.record_label}")
    ex = d.extracted.as_dict()
    lines += [f"  {k}: {v}" for k, v in ex.items() if v]
    lines += [f"  saran {i}: {s.label} ({s.score:.0%}; {s.why})" for i, s in enumerate(d.suggestions, 1)]
    emit(ctx, data, "\n".join(x for x in lines if x))
    return 0


def cmd_attach(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.ingest import inbox

    with ctx.uow() as uow:
        inbox.attach(uow, args.id, args.kind, args.record_id, role=args.role)
        uow.commit()
    emit(ctx, {"id": args.id, "record_kind": args.kind, "record_id": args.record_id},
         f"Pindaian #{args.id} dilampirkan ke {args.kind} #{args.record_id}.")
    return 0


def cmd_discard(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.ingest import inbox

    with ctx.uow() as uow:
        inbox.discard(uow, args.id, args.note)
        uow.commit()
    emit(ctx, {"id": args.id}, f"Pindaian #{args.id} disisihkan.")
    return 0


def cmd_quarantine_list(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.ingest import inbox

    with ctx.reader() as uow:
        rows = inbox.list_quarantine(uow, limit=args.limit)
    data = [_row_dict(r) for r in rows]
    text = "\n".join(f"{r.id:>6} {r.source_name[:40]:<40} {r.reason}\n       → {r.dest_path}" for r in rows)
    emit(ctx, data, text or "Karantina kosong.")
    return 0


def cmd_folders_list(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.ingest.config import list_folders

    with ctx.reader() as uow:
        folders = list_folders(uow)
    data = [{"id": f.id, "path": str(f.path), "label": f.label, "polling": f.polling, "interval": f.poll_interval,
             "after": f.after, "processed": str(f.processed), "enabled": f.enabled} for f in folders]
    emit(ctx, data, "\n".join(f"{d['id']:>3} {'aktif' if d['enabled'] else 'mati ':<5} {d['path']}"
                              f"{' (berkala)' if d['polling'] else ''}" for d in data) or "Belum ada folder pindai.")
    return 0


def cmd_folders_add(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.ingest.config import save_folder

    with ctx.uow() as uow:
        spec = save_folder(uow, args.path, label=args.label, polling=args.polling, poll_interval=args.interval,
                           after="delete" if args.delete else "move", processed_path=args.processed)
        uow.commit()
    emit(ctx, {"id": spec.id, "path": str(spec.path)}, f"Folder pindai #{spec.id}: {spec.path}")
    return 0


def cmd_folders_remove(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.ingest.config import remove_folder

    with ctx.uow() as uow:
        remove_folder(uow, args.id)
        uow.commit()
    emit(ctx, {"id": args.id}, f"Folder pindai #{args.id} tidak diawasi lagi.")
    return 0


def cmd_status(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.ingest import inbox, ocr

    with ctx.reader() as uow:
        c = inbox.counts(uow)
    st = ocr.status()
    emit(ctx, {"counts": c, "ocr": st.available, "ocr_message": st.message},
         "\n".join([st.message] + [f"{inbox.STATE_LABELS.get(k, k)}: {v}" for k, v in sorted(c.items())]))
    return 0
