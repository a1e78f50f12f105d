"""Kept for kiosk/store/journal.py until it imports patron_identity.masking (one change)."""

from patron_identity.masking import mask_card_number as mask_card_number
