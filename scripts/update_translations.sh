#!/usr/bin/env bash
# Extract every tr()/translate() string of the UI (and QT_TRANSLATE_NOOP-marked core strings) into
# Qt Linguist files, then compile them. Source texts are Bahasa Indonesia; tatausaha_en.ts is the
# English translation to fill in with pyside6-linguist.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files 'tatausaha/*.py')
mkdir -p tatausaha/resources/i18n
pyside6-lupdate $files -ts tatausaha/resources/i18n/tatausaha_en.ts
pyside6-lrelease tatausaha/resources/i18n/tatausaha_en.ts -qm tatausaha/resources/i18n/tatausaha_en.qm
# Qt's own strings Qt ships no Indonesian for (standard buttons, file/print dialogs): written by hand
pyside6-lrelease tatausaha/resources/i18n/qt_id.ts -qm tatausaha/resources/i18n/qt_id.qm
