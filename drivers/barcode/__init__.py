"""Serial barcode scanners: framing, AIM identifiers, classification."""
