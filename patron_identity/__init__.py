"""What the kiosk and the regional service both need about patrons, without Qt: ID-number
rules, credential kinds, masking (and log lines scrubbed with it) and PIN hashes."""
