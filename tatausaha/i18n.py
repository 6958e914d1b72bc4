"""Qt-free translation markers.

Core messages are written in Bahasa Indonesia (the UI language). They are marked with
``QT_TRANSLATE_NOOP`` so ``pyside6-lupdate`` can extract them for another language; the UI
passes them through ``QCoreApplication.translate`` with the same context.
"""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - Qt's name, for lupdate
    return text


def N_(text: str) -> str:
    return QT_TRANSLATE_NOOP("Core", text)
