"""RFID book pad: the tag data models (ISO 28560-2 and -3), security values and reader protocols."""
