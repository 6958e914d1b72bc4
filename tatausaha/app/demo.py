"""A living demo office: Kecamatan Jatisampurna, Kota Bekasi. Every installed area adds its part
(``Area.demo`` in the registry), then the scan folder demo runs over what they made."""

from __future__ import annotations

import random

from tatausaha import registry
from tatausaha.app import setup
from tatausaha.context import AppContext
from tatausaha.errors import ValidationFailed
from tatausaha.services import accounts, office
from tatausaha.services.auth import SYSTEM, Actor, Role

DEMO_PASSWORD = "rahasia123"

#: The generic rooms' demo parts, run after every area's (``"name": demo_fill(ctx, uow, rng)``).
def _ingest_demo(ctx: AppContext, uow: object, rng: random.Random) -> object:
    from tatausaha.ingest.demo import demo_fill

    return demo_fill(ctx, uow, rng)


ROOM_DEMOS = [("ingest", _ingest_demo)]


def demo_parts() -> list[tuple[str, object]]:
    """(name, filler) of every part the demo runs, in order: installed areas, then generic rooms."""
    return [*registry.demo_fillers(), *ROOM_DEMOS]

OFFICE = office.OfficeInfo(
    pemerintah="PEMERINTAH KOTA BEKASI",
    nama_kantor="KECAMATAN JATISAMPURNA",
    alamat="Jl. Raya Hankam No. 1, Jatisampurna",
    kode_pos="17433",
    telepon="(021) 8459 1234",
    email="kec.jatisampurna@bekasikota.go.id",
    laman="jatisampurna.bekasikota.go.id",
    kota="Bekasi",
    kode_unit="Kec.JTS",
    jabatan_pimpinan="CAMAT JATISAMPURNA",
    zona_waktu="Asia/Jakarta",  # Bekasi keeps WIB
)

UNITS = [
    ("SEKRE", "Sekretariat Kecamatan", None),
    ("UMPEG", "Subbagian Umum dan Kepegawaian", "SEKRE"),
    ("PK", "Subbagian Program dan Keuangan", "SEKRE"),
    ("PEM", "Seksi Pemerintahan", None),
    ("TRANTIB", "Seksi Ketenteraman dan Ketertiban Umum", None),
    ("PMK", "Seksi Pemberdayaan Masyarakat dan Kesejahteraan", None),
    ("PELYAN", "Seksi Pelayanan Umum", None),
    ("EKBANG", "Seksi Ekonomi dan Pembangunan", None),
]

# (username, name, jabatan, nip, pangkat, golongan, unit, role, can_sign)
PEOPLE = [
    ("camat", "Drs. H. Ahmad Suryadi, M.Si.", "Camat Jatisampurna", "197203151993031004", "Pembina Tingkat I", "IV/b", None, Role.PIMPINAN, True),
    ("sekcam", "Hj. Rina Marlina, S.Sos., M.M.", "Sekretaris Kecamatan", "197808222005012009", "Pembina", "IV/a", "SEKRE", Role.PIMPINAN, True),
    ("kasubag", "Budi Santoso, S.AP.", "Kepala Subbagian Umum dan Kepegawaian", "198104102009011003", "Penata Tingkat I", "III/d", "UMPEG", Role.PIMPINAN, True),
    ("kasipem", "Dewi Anggraini, S.IP.", "Kepala Seksi Pemerintahan", "198506182010012015", "Penata", "III/c", "PEM", Role.PIMPINAN, True),
    ("kasitrantib", "Agus Hermawan, S.H.", "Kepala Seksi Ketenteraman dan Ketertiban Umum", "198209052008011007", "Penata Tingkat I", "III/d", "TRANTIB", Role.PIMPINAN, True),
    ("operator", "Siti Nurhaliza, A.Md.", "Pengadministrasi Umum", "199203142019032012", "Pengatur Tingkat I", "II/d", "UMPEG", Role.OPERATOR, False),
    ("staf", "Rudi Hartono", "Pengelola Arsip", "199011202014021002", "Pengatur Tingkat I", "II/d", "UMPEG", Role.OPERATOR, False),
    ("auditor", "Irwan Setiawan, S.E., Ak.", "Auditor Inspektorat Kota Bekasi", None, "", "", None, Role.AUDITOR, False),
]


def demo_logo_jpeg() -> bytes:
    """A plain emblem drawn for the demo (not an official coat of arms): a shield with the city's name."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    w, h = 300, 350
    im = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(im)
    shield = [(20, 20), (280, 20), (280, 200), (150, 330), (20, 200)]
    d.polygon(shield, fill=(22, 101, 52), outline=(180, 140, 20))
    d.line(shield + [shield[0]], fill=(200, 160, 30), width=10)
    d.polygon([(150, 60), (215, 170), (85, 170)], fill=(240, 200, 40))
    d.ellipse((125, 185, 175, 235), fill=(240, 200, 40))
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype("DejaVuSans-Bold.ttf", 30)
    except OSError:
        font = ImageFont.load_default()
    d.text((150, 270), "BEKASI", fill="white", font=font, anchor="mm")
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=88)
    return buf.getvalue()


def quick_office(ctx: AppContext) -> dict[str, Actor]:
    """The demo office's units, officials and users, fast: accounts get an unusable password hash.

    For tests and benchmarks only (nobody can log in as these users). Returns actors by username.
    """
    from tatausaha.correspondence.demo import actor_for
    from tatausaha.models.account import User as UserRow

    setup.ensure_reference_data(ctx)
    with ctx.uow(actor=SYSTEM) as uow:
        office.save_office(uow, OFFICE)
        unit_ids: dict[str, int] = {}
        for kode, nama, parent in UNITS:
            unit_ids[kode] = office.save_unit(uow, kode, nama, parent_id=unit_ids.get(parent) if parent else None).id
        for username, nama, jabatan, nip, pangkat, gol, unit, role, can_sign in PEOPLE:
            o = office.save_official(uow, nama=nama, jabatan=jabatan, nip=nip, pangkat=pangkat, golongan=gol,
                                     unit_id=unit_ids.get(unit) if unit else None, can_sign=can_sign)
            uow.session.add(UserRow(username=username, full_name=nama, role=role.value, password_hash="!",
                                    unit_id=unit_ids.get(unit) if unit else None, official_id=o.id))
        uow.commit()
    return {p[0]: actor_for(ctx, p[0]) for p in PEOPLE}


DEMO_MARK = "demo"  # app_setting key: this data directory holds the demo office
_WHERE = "Buat demo di folder data kosong, mis. TATAUSAHA_HOME=/tmp/demo tatausaha demo."


def real_data(ctx: AppContext) -> list[str]:
    """What in this data directory is an office's own (not the demo's), as Indonesian phrases;
    empty when the directory is new, holds only the admin made at init, or is the demo."""
    from sqlalchemy import func, select

    from tatausaha.models.account import User
    from tatausaha.models.document import Document
    from tatausaha.services import settings

    demo_names = {"admin", *(p[0] for p in PEOPLE)}
    with ctx.reader(SYSTEM) as uow:
        if settings.get(uow, DEMO_MARK):
            return []
        s = uow.session
        found: list[str] = []
        for label, n in _record_counts(uow):
            if n:
                found.append(f"{n} {label}")
        docs = s.execute(select(func.count(Document.id))).scalar_one()
        if docs:
            found.append(f"{docs} berkas arsip")
        users = s.execute(select(func.count(User.id)).where(User.username.not_in(demo_names))).scalar_one()
        if users:
            found.append(f"{users} akun pengguna")
        info = office.get_office(uow)
        if info is not None and info.nama_kantor != OFFICE.nama_kantor:
            found.append(f"profil kantor {info.nama_kantor}")
    return found


def _record_counts(uow) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """(label, rows) of every record kind an installed area declares."""
    from sqlalchemy import func, select

    out = []
    for k in registry.kinds(built_only=True):
        if k.model is not None:
            out.append((k.label.lower(), uow.session.execute(select(func.count()).select_from(k.model)).scalar_one()))
    return out


def fill(ctx: AppContext, *, seed: int = 2024, force: bool = False) -> dict[str, object]:
    """Fill the demo office. Never into an office's real data: a directory holding letters, archived
    files, accounts or an office profile of its own is refused, with or without ``force``; ``force``
    only lets the demo be filled over a profile that is the demo's own."""
    real = real_data(ctx)
    if real:
        raise ValidationFailed(
            "Folder data ini berisi data kantor yang sebenarnya (" + ", ".join(real) + "). Kantor contoh tidak "
            "pernah dicampur dengan data nyata, juga tidak dengan --force: akun contohnya berkata sandi yang "
            "diketahui umum. " + _WHERE
        )
    state = setup.state(ctx)
    if state.has_office and not force:
        raise ValidationFailed(
            "Folder data ini sudah berisi kantor contoh. " + _WHERE
        )
    setup.ensure_reference_data(ctx)
    rng = random.Random(seed)
    with ctx.uow(actor=SYSTEM) as uow:
        office.save_office(uow, OFFICE)
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            logo = Path(tmp) / "logo-bekasi.jpg"
            logo.write_bytes(demo_logo_jpeg())
            office.set_logo(uow, ctx.store, logo)
        unit_ids: dict[str, int] = {}
        for kode, nama, parent in UNITS:
            u = office.save_unit(uow, kode, nama, parent_id=unit_ids.get(parent) if parent else None)
            unit_ids[kode] = u.id
        if accounts.count_users(uow) == 0:
            accounts.create_user(uow, "admin", "Administrator Sistem", Role.ADMIN, DEMO_PASSWORD)
        for username, nama, jabatan, nip, pangkat, gol, unit, role, can_sign in PEOPLE:
            o = office.save_official(
                uow, nama=nama, jabatan=jabatan, nip=nip, pangkat=pangkat, golongan=gol,
                unit_id=unit_ids.get(unit) if unit else None, can_sign=can_sign,
            )
            accounts.create_user(
                uow, username, nama, role, DEMO_PASSWORD, unit_id=unit_ids.get(unit) if unit else None, official_id=o.id
            )
        uow.commit()
    from tatausaha.models.setting import AppSetting

    with ctx.uow(actor=SYSTEM) as uow:
        uow.session.merge(AppSetting(key=DEMO_MARK, value="1"))
        uow.commit()
    filled = ["kantor", "unit", "pejabat", "pengguna"]
    for name, hook in demo_parts():
        with ctx.uow(actor=SYSTEM) as uow:
            hook(ctx, uow, rng)  # type: ignore[operator]
            uow.commit()
        filled.append(name)
    return {"kantor": OFFICE.nama_kantor, "pengguna": [p[0] for p in PEOPLE] + ["admin"], "kata_sandi": DEMO_PASSWORD,
            "diisi": filled}
