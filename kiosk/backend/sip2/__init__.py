"""SIP2 (3M Standard Interchange Protocol 2.00) as the kiosk speaks it: messages, codec, dialects,
connection. Qt-free."""
