"""PySide6 touch UI: the only package besides kiosk/app.py that imports Qt."""
