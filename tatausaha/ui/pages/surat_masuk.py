"""Moved to ``tatausaha.ui.correspondence.masuk_page`` (the area's own pages). This alias keeps code
written against the old path working while other branches land."""

import importlib
import sys

sys.modules[__name__] = importlib.import_module("tatausaha.ui.correspondence.masuk_page")
