"""Technician mode on the kiosk's own touch screen: entry, devices, sync queue, information."""
