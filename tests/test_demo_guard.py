"""No toys: the demo never lands in an office's real data, not even with --force."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from tatausaha.app import demo
from tatausaha.correspondence import letters
from tatausaha.errors import ValidationFailed
from tatausaha.models.account import User
from tatausaha.services import accounts, office
from tatausaha.services.auth import SYSTEM, Role

REAL = office.OfficeInfo(pemerintah="PEMERINTAH KABUPATEN SIKKA", nama_kantor="KECAMATAN ALOK", kota="Maumere",
                         zona_waktu="Asia/Makassar")


def _real_office(ctx, *, with_letter: bool = True) -> None:
    with ctx.uow(actor=SYSTEM) as uow:
        office.save_office(uow, REAL)
        accounts.create_user(uow, "yohanes", "Yohanes Parera", Role.ADMIN, "sandi-rahasia-kantor-1")
        uow.commit()
    if with_letter:
        me = accounts.login(ctx.db, "yohanes", "sandi-rahasia-kantor-1")
        with ctx.uow(actor=me) as uow:
            letters.register_masuk(uow, letters.SuratMasukInput(
                tanggal_terima=dt.date(2026, 11, 30), pengirim="Dinas Kesehatan", perihal="Imunisasi anak sekolah"))
            uow.commit()


def _accounts(ctx) -> list[str]:
    with ctx.reader() as uow:
        return sorted(uow.session.execute(select(User.username)).scalars())


@pytest.mark.parametrize("force", [False, True])
def test_demo_refuses_a_directory_with_real_records(ctx, force):
    _real_office(ctx)
    with pytest.raises(ValidationFailed) as err:
        demo.fill(ctx, force=force)
    msg = str(err.value)
    assert "berisi data kantor yang sebenarnya" in msg and "1 surat masuk" in msg and "1 akun pengguna" in msg
    assert "KECAMATAN ALOK" in msg and "TATAUSAHA_HOME" in msg
    # nothing was touched: the office profile is the office's, no known-password accounts appeared
    with ctx.reader() as uow:
        assert office.get_office(uow) == REAL
    assert _accounts(ctx) == ["yohanes"]
    with pytest.raises(Exception):  # noqa: B017 - any refusal: the demo password opens nothing
        accounts.login(ctx.db, "camat", demo.DEMO_PASSWORD)


def test_force_does_not_overwrite_a_real_office_profile_even_without_records(ctx):
    _real_office(ctx, with_letter=False)
    with ctx.uow(actor=SYSTEM) as uow:  # even with the office's own admin removed from the picture
        uow.session.execute(User.__table__.delete())
        uow.commit()
    with pytest.raises(ValidationFailed, match="profil kantor KECAMATAN ALOK"):
        demo.fill(ctx, force=True)
    with ctx.reader() as uow:
        assert office.get_office(uow) == REAL
    assert _accounts(ctx) == []


def test_a_new_directory_after_init_takes_the_demo_and_says_so_when_asked_again(ctx):
    with ctx.uow(actor=SYSTEM) as uow:  # `tatausaha init --admin-user admin`
        accounts.create_user(uow, "admin", "Administrator", Role.ADMIN, "sandi-admin-sendiri-1")
        uow.commit()
    from tatausaha.models.setting import AppSetting

    assert demo.real_data(ctx) == []
    with ctx.uow(actor=SYSTEM) as uow:
        uow.session.merge(AppSetting(key=demo.DEMO_MARK, value="1"))
        office.save_office(uow, demo.OFFICE)
        uow.commit()
    with pytest.raises(ValidationFailed, match="sudah berisi kantor contoh"):
        demo.fill(ctx)


def test_the_conftest_demo_is_marked_as_the_demo(demo_ctx):
    assert demo.real_data(demo_ctx) == []
    with demo_ctx.reader() as uow:
        assert uow.session.execute(select(func.count(User.id))).scalar_one() == 9


def test_cli_demo_force_refuses_real_data_in_indonesian(ctx):
    _real_office(ctx)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TATAUSAHA_")}
    env.update(TATAUSAHA_HOME=str(ctx.paths.home), TATAUSAHA_USER="yohanes", TATAUSAHA_PASSWORD="sandi-rahasia-kantor-1",
               CI="1")
    ctx.close()
    r = subprocess.run([sys.executable, "-m", "tatausaha", "demo", "--force"], env=env, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 2
    assert "berisi data kantor yang sebenarnya" in r.stderr and "Traceback" not in r.stderr
