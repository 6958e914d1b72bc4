"""Moved to ``tatausaha.app.demo`` (the application layer). This alias keeps code written against
the old path working while other branches land; it is removed once nothing imports it."""

import importlib
import sys

sys.modules[__name__] = importlib.import_module("tatausaha.app.demo")
