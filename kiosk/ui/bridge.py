"""Re-emits events from device, worker and sync threads as Qt signals queued onto the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from drivers.events import Event
from kiosk.core.connectivity import Link
from kiosk.core.runner import Result, Task


class Bridge(QObject):
    """Its ``post_*`` methods may be called from any thread; the signals arrive on the thread
    the bridge lives on (the GUI thread), because cross-thread emits are queued."""

    device_event = Signal(object)
    result = Signal(object, object)
    link_changed = Signal(object)

    def post_device_event(self, event: Event) -> None:
        self.device_event.emit(event)

    def post_result(self, command: Task, result: Result) -> None:
        self.result.emit(command, result)

    def post_link(self, link: Link) -> None:
        self.link_changed.emit(link)
