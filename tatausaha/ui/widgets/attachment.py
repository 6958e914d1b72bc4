"""Moved to ``tatausaha.ui.attachment`` (beside the print preview it opens, which builds on these
widgets). This alias keeps code written against the old path working while other branches land."""

import importlib
import sys

sys.modules[__name__] = importlib.import_module("tatausaha.ui.attachment")
