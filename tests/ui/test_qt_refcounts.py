"""Guards against a Qt binding that loses references at signal emission (PySide6 6.12.0 did:
a long-running kiosk on Python 3.11 aborted with "bool_dealloc")."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication
class Emitter(QObject):
    with_object = Signal(object)
    bare = Signal()
app = QApplication([])
e = Emitter()
e.with_object.connect(lambda value: None)
e.bare.connect(lambda: None)
before = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
for i in range(5000):
    e.with_object.emit(i)
    e.bare.emit()
after = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
print(all(abs(a - b) < 50 for a, b in zip(before, after)), before, after)
"""


def test_signal_emission_keeps_reference_counts() -> None:
    # In a child process: a binding with the bug aborts the interpreter, not the test run.
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("True"), proc.stdout
