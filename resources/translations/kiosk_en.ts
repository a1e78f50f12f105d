<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AccessPanel</name>
    <message>
        <source>Accessibility</source>
        <translation>Accessibility</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>Quieter</source>
        <translation>Quieter</translation>
    </message>
    <message>
        <source>Louder</source>
        <translation>Louder</translation>
    </message>
    <message>
        <source>Volume {level} of {steps}</source>
        <translation>Volume {level} of {steps}</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <source>Speech</source>
        <translation>Speech</translation>
    </message>
    <message>
        <source>on</source>
        <translation>on</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
</context>
<context>
    <name>AccountScreen</name>
    <message>
        <source>Books on loan</source>
        <translation>Books on loan</translation>
    </message>
    <message>
        <source>Ready for pickup</source>
        <translation>Ready for pickup</translation>
    </message>
    <message>
        <source>You have no books on loan.</source>
        <translation>You have no books on loan.</translation>
    </message>
    <message>
        <source>No reserved books are waiting.</source>
        <translation>No reserved books are waiting.</translation>
    </message>
    <message>
        <source>Renew all</source>
        <translation>Renew all</translation>
    </message>
    <message>
        <source>Your loans cannot be shown at this kiosk. You can borrow and return books here; the service desk can show your loans.</source>
        <translation>Your loans cannot be shown at this kiosk. You can borrow and return books here; the service desk can show your loans.</translation>
    </message>
    <message>
        <source>Your account cannot be shown while the network is down. You can still return books, and borrow up to {n} books with your resident ID card.</source>
        <translation>Your account cannot be shown while the network is down. You can still return books, and borrow up to {n} books with your resident ID card.</translation>
    </message>
    <message>
        <source>Your account cannot be shown while the network is down. You can still return books.</source>
        <translation>Your account cannot be shown while the network is down. You can still return books.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Due {date}</source>
        <translation>Due {date}</translation>
    </message>
    <message>
        <source>Renewing…</source>
        <translation>Renewing…</translation>
    </message>
    <message>
        <source>Renewed.</source>
        <translation>Renewed.</translation>
    </message>
    <message>
        <source>It cannot be renewed again.</source>
        <translation>It cannot be renewed again.</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>Renew</translation>
    </message>
    <message>
        <source>Pick it up at {library} by {date}.</source>
        <translation>Pick it up at {library} by {date}.</translation>
    </message>
    <message>
        <source>Pick it up at {library}.</source>
        <translation>Pick it up at {library}.</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>ID card reader</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <source>ID reader</source>
        <translation>ID reader</translation>
    </message>
    <message>
        <source>barcode scanner</source>
        <translation>barcode scanner</translation>
    </message>
    <message>
        <source>card reader</source>
        <translation>card reader</translation>
    </message>
    <message>
        <source>RFID book pad</source>
        <translation>RFID book pad</translation>
    </message>
    <message>
        <source>receipt printer</source>
        <translation>receipt printer</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Book pad</source>
        <translation>Book pad</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>working</source>
        <translation>working</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>not connected</translation>
    </message>
    <message>
        <source>not working</source>
        <translation>not working</translation>
    </message>
    <message>
        <source>The {device} is not connected.</source>
        <translation>The {device} is not connected.</translation>
    </message>
    <message>
        <source>The {device} was unplugged or lost its link.</source>
        <translation>The {device} was unplugged or lost its link.</translation>
    </message>
    <message>
        <source>The {device} cannot be found.</source>
        <translation>The {device} cannot be found.</translation>
    </message>
    <message>
        <source>The {device} is in use by another program.</source>
        <translation>The {device} is in use by another program.</translation>
    </message>
    <message>
        <source>The {device} cannot be opened.</source>
        <translation>The {device} cannot be opened.</translation>
    </message>
    <message>
        <source>The {device} does not answer.</source>
        <translation>The {device} does not answer.</translation>
    </message>
    <message>
        <source>The {device}&apos;s security module reports a fault.</source>
        <translation>The {device}&apos;s security module reports a fault.</translation>
    </message>
    <message>
        <source>The {device} sent data the kiosk cannot read.</source>
        <translation>The {device} sent data the kiosk cannot read.</translation>
    </message>
    <message>
        <source>The {device} is running out of paper.</source>
        <translation>The {device} is running out of paper.</translation>
    </message>
    <message>
        <source>The {device} is out of paper.</source>
        <translation>The {device} is out of paper.</translation>
    </message>
    <message>
        <source>The {device}&apos;s cover is open.</source>
        <translation>The {device}&apos;s cover is open.</translation>
    </message>
    <message>
        <source>The {device} reports a fault.</source>
        <translation>The {device} reports a fault.</translation>
    </message>
    <message>
        <source>The {device} is not working.</source>
        <translation>The {device} is not working.</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>— not used —</source>
        <translation>— not used —</translation>
    </message>
    <message>
        <source>— none —</source>
        <translation>— none —</translation>
    </message>
    <message>
        <source>Serial ports present:</source>
        <translation>Serial ports present:</translation>
    </message>
    <message>
        <source>No serial ports are present.</source>
        <translation>No serial ports are present.</translation>
    </message>
    <message>
        <source>Now: {state}</source>
        <translation>Now: {state}</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source>watching the {device}</source>
        <translation>watching the {device}</translation>
    </message>
    <message>
        <source>Reopening the device with these settings…</source>
        <translation>Reopening the device with these settings…</translation>
    </message>
    <message>
        <source>Applied: the device was reopened with these settings. Save to keep them after a restart.</source>
        <translation>Applied: the device was reopened with these settings. Save to keep them after a restart.</translation>
    </message>
    <message>
        <source>Writing the configuration file…</source>
        <translation>Writing the configuration file…</translation>
    </message>
    <message>
        <source>Saved in {file}. The previous file is kept as {backup}. Apply reopens the device with them now.</source>
        <translation>Saved in {file}. The previous file is kept as {backup}. Apply reopens the device with them now.</translation>
    </message>
    <message>
        <source>This kiosk was started without a config file: there is nothing to save to.</source>
        <translation>This kiosk was started without a config file: there is nothing to save to.</translation>
    </message>
    <message>
        <source>That did not work: {error}</source>
        <translation>That did not work: {error}</translation>
    </message>
    <message>
        <source>Not applied and nothing written, because:</source>
        <translation>Not applied and nothing written, because:</translation>
    </message>
    <message>
        <source>Test: show what it sends</source>
        <translation>Test: show what it sends</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Undo changes</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Welcome to self-service borrowing</source>
        <translation>Welcome to self-service borrowing</translation>
    </message>
    <message>
        <source>To borrow, just place your card on the reader. To return, just put your books on the pad.</source>
        <translation>To borrow, just place your card on the reader. To return, just put your books on the pad.</translation>
    </message>
    <message>
        <source>To borrow, just place your card on the reader. To return, put your books on the pad or scan the label inside the cover.</source>
        <translation>To borrow, just place your card on the reader. To return, put your books on the pad or scan the label inside the cover.</translation>
    </message>
    <message>
        <source>To borrow, just place your card on the reader. To return, just scan the label inside the book&apos;s cover.</source>
        <translation>To borrow, just place your card on the reader. To return, just scan the label inside the book&apos;s cover.</translation>
    </message>
    <message>
        <source>Put your books on the pad</source>
        <translation>Put your books on the pad</translation>
    </message>
    <message>
        <source>Books on the pad, or scan the label</source>
        <translation>Books on the pad, or scan the label</translation>
    </message>
    <message>
        <source>Place your card here</source>
        <translation>Place your card here</translation>
    </message>
    <message>
        <source>Scan the label inside the cover</source>
        <translation>Scan the label inside the cover</translation>
    </message>
    <message>
        <source>Borrow</source>
        <translation>Borrow</translation>
    </message>
    <message>
        <source>ID card, social-security card or library card</source>
        <translation>ID card, social-security card or library card</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>No card needed</source>
        <translation>No card needed</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>My account</translation>
    </message>
    <message>
        <source>Loans, due dates, renewals, holds</source>
        <translation>Loans, due dates, renewals, holds</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Place your resident ID card, social-security card or library card on the reader.</source>
        <translation>Place your resident ID card, social-security card or library card on the reader.</translation>
    </message>
    <message>
        <source>Place your card here</source>
        <translation>Place your card here</translation>
    </message>
    <message>
        <source>Checking your card…</source>
        <translation>Checking your card…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>My account</translation>
    </message>
    <message>
        <source>Borrow</source>
        <translation>Borrow</translation>
    </message>
</context>
<context>
    <name>InfoPage</name>
    <message>
        <source>Kiosk software version</source>
        <translation>Kiosk software version</translation>
    </message>
    <message>
        <source>Kiosk and library</source>
        <translation>Kiosk and library</translation>
    </message>
    <message>
        <source>Regional service</source>
        <translation>Regional service</translation>
    </message>
    <message>
        <source>Reachable</source>
        <translation>Reachable</translation>
    </message>
    <message>
        <source>Clock difference to the service</source>
        <translation>Clock difference to the service</translation>
    </message>
    <message>
        <source>Free disk</source>
        <translation>Free disk</translation>
    </message>
    <message>
        <source>Journal size</source>
        <translation>Journal size</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>asking the service…</source>
        <translation>asking the service…</translation>
    </message>
    <message>
        <source>Yes, answered in {ms} ms</source>
        <translation>Yes, answered in {ms} ms</translation>
    </message>
    <message>
        <source>No ({reason})</source>
        <translation>No ({reason})</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>{s} s (the service minus this kiosk)</source>
        <translation>{s} s (the service minus this kiosk)</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Restart the kiosk app</source>
        <translation>Restart the kiosk app</translation>
    </message>
    <message>
        <source>Exit to the desktop</source>
        <translation>Exit to the desktop</translation>
    </message>
    <message>
        <source>Restart closes the devices and the journal and starts the app again. Exit to the desktop ends the kiosk app until it is started again.</source>
        <translation>Restart closes the devices and the journal and starts the app again. Exit to the desktop ends the kiosk app until it is started again.</translation>
    </message>
</context>
<context>
    <name>ItemRow</name>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Renewed, now due {date}</source>
        <translation>Renewed, now due {date}</translation>
    </message>
    <message>
        <source>Not renewed</source>
        <translation>Not renewed</translation>
    </message>
    <message>
        <source>Borrowed offline, due {date}</source>
        <translation>Borrowed offline, due {date}</translation>
    </message>
    <message>
        <source>Provisional: it is confirmed when the network is back.</source>
        <translation>Provisional: it is confirmed when the network is back.</translation>
    </message>
    <message>
        <source>Provisional</source>
        <translation>Provisional</translation>
    </message>
    <message>
        <source>Borrowed, due {date}</source>
        <translation>Borrowed, due {date}</translation>
    </message>
    <message>
        <source>Borrowed</source>
        <translation>Borrowed</translation>
    </message>
    <message>
        <source>Already yours</source>
        <translation>Already yours</translation>
    </message>
    <message>
        <source>Not borrowed</source>
        <translation>Not borrowed</translation>
    </message>
    <message>
        <source>“{title}”: {status}. {detail}</source>
        <translation>“{title}”: {status}. {detail}</translation>
    </message>
    <message>
        <source>Returned, but its tag is not set</source>
        <translation>Returned, but its tag is not set</translation>
    </message>
    <message>
        <source>Borrowed, but its tag is not set</source>
        <translation>Borrowed, but its tag is not set</translation>
    </message>
    <message>
        <source>Please put this book back on the pad.</source>
        <translation>Please put this book back on the pad.</translation>
    </message>
    <message>
        <source>Already returned</source>
        <translation>Already returned</translation>
    </message>
    <message>
        <source>Nothing more to do: put it on the return cart.</source>
        <translation>Nothing more to do: put it on the return cart.</translation>
    </message>
    <message>
        <source>Not returned</source>
        <translation>Not returned</translation>
    </message>
    <message>
        <source>Returned: put it on the return cart</source>
        <translation>Returned: put it on the return cart</translation>
    </message>
    <message>
        <source>It will be checked in when the network is back.</source>
        <translation>It will be checked in when the network is back.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Returned: put it in the transit bin</source>
        <translation>Returned: put it in the transit bin</translation>
    </message>
    <message>
        <source>It goes to {library}.</source>
        <translation>It goes to {library}.</translation>
    </message>
    <message>
        <source>Another reader is waiting for it.</source>
        <translation>Another reader is waiting for it.</translation>
    </message>
    <message>
        <source>Returned: put it on the hold shelf</source>
        <translation>Returned: put it on the hold shelf</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>The kiosk talks to</source>
        <translation>The kiosk talks to</translation>
    </message>
    <message>
        <source>Server (host name or address)</source>
        <translation>Server (host name or address)</translation>
    </message>
    <message>
        <source>TCP port</source>
        <translation>TCP port</translation>
    </message>
    <message>
        <source>TLS (encrypted)</source>
        <translation>TLS (encrypted)</translation>
    </message>
    <message>
        <source>CA file (empty: the system&apos;s)</source>
        <translation>CA file (empty: the system&apos;s)</translation>
    </message>
    <message>
        <source>Name on the certificate (empty: host)</source>
        <translation>Name on the certificate (empty: host)</translation>
    </message>
    <message>
        <source>Login user (empty: no login)</source>
        <translation>Login user (empty: no login)</translation>
    </message>
    <message>
        <source>Login password</source>
        <translation>Login password</translation>
    </message>
    <message>
        <source>Location code</source>
        <translation>Location code</translation>
    </message>
    <message>
        <source>Institution id</source>
        <translation>Institution id</translation>
    </message>
    <message>
        <source>Terminal password</source>
        <translation>Terminal password</translation>
    </message>
    <message>
        <source>Dialect</source>
        <translation>Dialect</translation>
    </message>
    <message>
        <source>End of a frame (terminator)</source>
        <translation>End of a frame (terminator)</translation>
    </message>
    <message>
        <source>Character set before login</source>
        <translation>Character set before login</translation>
    </message>
    <message>
        <source>Character set after login</source>
        <translation>Character set after login</translation>
    </message>
    <message>
        <source>Checksums</source>
        <translation>Checksums</translation>
    </message>
    <message>
        <source>Date format</source>
        <translation>Date format</translation>
    </message>
    <message>
        <source>Item identifier</source>
        <translation>Item identifier</translation>
    </message>
    <message>
        <source>ID card number as patron id</source>
        <translation>ID card number as patron id</translation>
    </message>
    <message>
        <source>Patron id prefix</source>
        <translation>Patron id prefix</translation>
    </message>
    <message>
        <source>Honours &apos;no block&apos; (offline acts)</source>
        <translation>Honours &apos;no block&apos; (offline acts)</translation>
    </message>
    <message>
        <source>Show the system&apos;s screen messages</source>
        <translation>Show the system&apos;s screen messages</translation>
    </message>
    <message>
        <source>Language of the system&apos;s messages</source>
        <translation>Language of the system&apos;s messages</translation>
    </message>
    <message>
        <source>PIN for library cards</source>
        <translation>PIN for library cards</translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation>Connect timeout</translation>
    </message>
    <message>
        <source>Longest wait for an answer</source>
        <translation>Longest wait for an answer</translation>
    </message>
    <message>
        <source>Resends per request</source>
        <translation>Resends per request</translation>
    </message>
    <message>
        <source>Most titles on the account screen</source>
        <translation>Most titles on the account screen</translation>
    </message>
    <message>
        <source>Regional service</source>
        <translation>Regional service</translation>
    </message>
    <message>
        <source>Library system (SIP2)</source>
        <translation>Library system (SIP2)</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>dp2</source>
        <translation>dp2</translation>
    </message>
    <message>
        <source>CR, answered in kind</source>
        <translation>CR, answered in kind</translation>
    </message>
    <message>
        <source>Verify (standard rule)</source>
        <translation>Verify (standard rule)</translation>
    </message>
    <message>
        <source>The dialect&apos;s own rule</source>
        <translation>The dialect&apos;s own rule</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>SIP2&apos;s 18 characters</source>
        <translation>SIP2&apos;s 18 characters</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>Institution.barcode</source>
        <translation>Institution.barcode</translation>
    </message>
    <message>
        <source>As read</source>
        <translation>As read</translation>
    </message>
    <message>
        <source>Upper-case X</source>
        <translation>Upper-case X</translation>
    </message>
    <message>
        <source>Prefix + number</source>
        <translation>Prefix + number</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>Chinese</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>Who the kiosk is</source>
        <translation>Who the kiosk is</translation>
    </message>
    <message>
        <source>How the system speaks</source>
        <translation>How the system speaks</translation>
    </message>
    <message>
        <source>Changes to the dialect (unset: as the dialect says)</source>
        <translation>Changes to the dialect (unset: as the dialect says)</translation>
    </message>
    <message>
        <source>Patrons and waits</source>
        <translation>Patrons and waits</translation>
    </message>
    <message>
        <source>patron status</source>
        <translation>patron status</translation>
    </message>
    <message>
        <source>checkout</source>
        <translation>checkout</translation>
    </message>
    <message>
        <source>checkin</source>
        <translation>checkin</translation>
    </message>
    <message>
        <source>block patron</source>
        <translation>block patron</translation>
    </message>
    <message>
        <source>status</source>
        <translation>status</translation>
    </message>
    <message>
        <source>resend</source>
        <translation>resend</translation>
    </message>
    <message>
        <source>login</source>
        <translation>login</translation>
    </message>
    <message>
        <source>patron information</source>
        <translation>patron information</translation>
    </message>
    <message>
        <source>end patron session</source>
        <translation>end patron session</translation>
    </message>
    <message>
        <source>fee paid</source>
        <translation>fee paid</translation>
    </message>
    <message>
        <source>item information</source>
        <translation>item information</translation>
    </message>
    <message>
        <source>item status update</source>
        <translation>item status update</translation>
    </message>
    <message>
        <source>patron enable</source>
        <translation>patron enable</translation>
    </message>
    <message>
        <source>hold</source>
        <translation>hold</translation>
    </message>
    <message>
        <source>renew</source>
        <translation>renew</translation>
    </message>
    <message>
        <source>renew all</source>
        <translation>renew all</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Test and traffic</source>
        <translation>Test and traffic</translation>
    </message>
    <message>
        <source>As the dialect says ({value})</source>
        <translation>As the dialect says ({value})</translation>
    </message>
    <message>
        <source>Writing the configuration file…</source>
        <translation>Writing the configuration file…</translation>
    </message>
    <message>
        <source>Saved in {file}; the previous file is kept as {backup}. The kiosk talks to the library system saved here after a restart (Kiosk info → Restart).</source>
        <translation>Saved in {file}; the previous file is kept as {backup}. The kiosk talks to the library system saved here after a restart (Kiosk info → Restart).</translation>
    </message>
    <message>
        <source>This kiosk was started without a config file: there is nothing to save to.</source>
        <translation>This kiosk was started without a config file: there is nothing to save to.</translation>
    </message>
    <message>
        <source>That did not work: {error}</source>
        <translation>That did not work: {error}</translation>
    </message>
    <message>
        <source>Not saved, because:</source>
        <translation>Not saved, because:</translation>
    </message>
    <message>
        <source>Logging in to {host}:{port} and asking for its status…</source>
        <translation>Logging in to {host}:{port} and asking for its status…</translation>
    </message>
    <message>
        <source>The test failed: {error}</source>
        <translation>The test failed: {error}</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>No SIP2 frames yet. The kiosk&apos;s own show here while it talks to a library system over SIP2; Test connection&apos;s always do.</source>
        <translation>No SIP2 frames yet. The kiosk&apos;s own show here while it talks to a library system over SIP2; Test connection&apos;s always do.</translation>
    </message>
    <message>
        <source>SIP2 traffic (names, patron ids and PINs masked):</source>
        <translation>SIP2 traffic (names, patron ids and PINs masked):</translation>
    </message>
    <message>
        <source>Saved settings are used after a restart of the kiosk app. Test connection tries what is shown, saved or not.</source>
        <translation>Saved settings are used after a restart of the kiosk app. Test connection tries what is shown, saved or not.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Undo changes</translation>
    </message>
    <message>
        <source>Test connection logs in and shows the system&apos;s status here.</source>
        <translation>Test connection logs in and shows the system&apos;s status here.</translation>
    </message>
    <message>
        <source>Online: {online} · checkout allowed: {out} · checkin allowed: {back}</source>
        <translation>Online: {online} · checkout allowed: {out} · checkin allowed: {back}</translation>
    </message>
    <message>
        <source>Library: {name} · protocol {version} · answered in {ms} ms</source>
        <translation>Library: {name} · protocol {version} · answered in {ms} ms</translation>
    </message>
    <message>
        <source>The system&apos;s clock: not given</source>
        <translation>The system&apos;s clock: not given</translation>
    </message>
    <message>
        <source>The system&apos;s clock: {when} ({offset} s from this kiosk&apos;s)</source>
        <translation>The system&apos;s clock: {when} ({offset} s from this kiosk&apos;s)</translation>
    </message>
    <message>
        <source>Messages it takes: {names}</source>
        <translation>Messages it takes: {names}</translation>
    </message>
    <message>
        <source>Warning: {sentence}</source>
        <translation>Warning: {sentence}</translation>
    </message>
    <message>
        <source>Wrong dialect: {sentence}</source>
        <translation>Wrong dialect: {sentence}</translation>
    </message>
    <message>
        <source>Cannot connect: nothing answers at this address and port (or TLS failed).</source>
        <translation>Cannot connect: nothing answers at this address and port (or TLS failed).</translation>
    </message>
    <message>
        <source>Login refused: check the login user and password.</source>
        <translation>Login refused: check the login user and password.</translation>
    </message>
    <message>
        <source>No answer within {s} s.</source>
        <translation>No answer within {s} s.</translation>
    </message>
    <message>
        <source>Answers came but none could be read: check the dialect and character set.</source>
        <translation>Answers came but none could be read: check the dialect and character set.</translation>
    </message>
    <message>
        <source>The test failed.</source>
        <translation>The test failed.</translation>
    </message>
    <message>
        <source>Detail: {detail}</source>
        <translation>Detail: {detail}</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Something went wrong. Please try again, or ask the staff for help.</source>
        <translation>Something went wrong. Please try again, or ask the staff for help.</translation>
    </message>
    <message>
        <source>Your card cannot borrow at the moment. Please ask at the service desk.</source>
        <translation>Your card cannot borrow at the moment. Please ask at the service desk.</translation>
    </message>
    <message>
        <source>Your card has expired. Please renew it at the service desk.</source>
        <translation>Your card has expired. Please renew it at the service desk.</translation>
    </message>
    <message>
        <source>You have reached your borrowing limit. Please return a book before borrowing this one.</source>
        <translation>You have reached your borrowing limit. Please return a book before borrowing this one.</translation>
    </message>
    <message>
        <source>This book is not in the library system. Please hand it to the staff.</source>
        <translation>This book is not in the library system. Please hand it to the staff.</translation>
    </message>
    <message>
        <source>This book is for reading in the library only. Please put it on the return cart.</source>
        <translation>This book is for reading in the library only. Please put it on the return cart.</translation>
    </message>
    <message>
        <source>This book is reserved for another reader. Please hand it to the staff.</source>
        <translation>This book is reserved for another reader. Please hand it to the staff.</translation>
    </message>
    <message>
        <source>This book cannot be renewed again. Please return it by its due date.</source>
        <translation>This book cannot be renewed again. Please return it by its due date.</translation>
    </message>
    <message>
        <source>Another reader is waiting for this book, so it cannot be renewed. Please return it by its due date.</source>
        <translation>Another reader is waiting for this book, so it cannot be renewed. Please return it by its due date.</translation>
    </message>
    <message>
        <source>This book is not on loan. Please put it on the return cart.</source>
        <translation>This book is not on loan. Please put it on the return cart.</translation>
    </message>
    <message>
        <source>We could not find your card in the library system. Please ask at the service desk.</source>
        <translation>We could not find your card in the library system. Please ask at the service desk.</translation>
    </message>
    <message>
        <source>This was cancelled and not recorded. Please scan the book again.</source>
        <translation>This was cancelled and not recorded. Please scan the book again.</translation>
    </message>
    <message>
        <source>This kiosk cannot do that. Please ask the staff for help.</source>
        <translation>This kiosk cannot do that. Please ask the staff for help.</translation>
    </message>
    <message>
        <source>Not done: the library system could not confirm your card. Please place your card on the reader again.</source>
        <translation>Not done: the library system could not confirm your card. Please place your card on the reader again.</translation>
    </message>
    <message>
        <source>Please enter your PIN.</source>
        <translation>Please enter your PIN.</translation>
    </message>
    <message>
        <source>That PIN is not right. Please enter it again.</source>
        <translation>That PIN is not right. Please enter it again.</translation>
    </message>
    <message>
        <source>The network is down, so only a resident ID card can be used now. Please place your ID card on the reader, or come back later.</source>
        <translation>The network is down, so only a resident ID card can be used now. Please place your ID card on the reader, or come back later.</translation>
    </message>
    <message>
        <source>This kiosk cannot check cards right now. Please ask the staff for help.</source>
        <translation>This kiosk cannot check cards right now. Please ask the staff for help.</translation>
    </message>
    <message>
        <source>Borrowing is paused while the network is down. You can still return books.</source>
        <translation>Borrowing is paused while the network is down. You can still return books.</translation>
    </message>
    <message>
        <source>You have borrowed as many books as this kiosk lends while the network is down. Please borrow the others when it is back.</source>
        <translation>You have borrowed as many books as this kiosk lends while the network is down. Please borrow the others when it is back.</translation>
    </message>
    <message>
        <source>Renewing is paused while the network is down. Please try again later.</source>
        <translation>Renewing is paused while the network is down. Please try again later.</translation>
    </message>
    <message>
        <source>This kiosk cannot record loans right now. Please ask the staff for help.</source>
        <translation>This kiosk cannot record loans right now. Please ask the staff for help.</translation>
    </message>
    <message>
        <source>Not borrowed: the library system did not answer in time. Please scan the book again.</source>
        <translation>Not borrowed: the library system did not answer in time. Please scan the book again.</translation>
    </message>
    <message>
        <source>The library system cannot be reached. Please try again in a moment.</source>
        <translation>The library system cannot be reached. Please try again in a moment.</translation>
    </message>
    <message>
        <source>Please place your card on the reader first, then scan your books.</source>
        <translation>Please place your card on the reader first, then scan your books.</translation>
    </message>
    <message>
        <source>Not borrowed: your session has ended. Please place your card on the reader again, then scan the book again.</source>
        <translation>Not borrowed: your session has ended. Please place your card on the reader again, then scan the book again.</translation>
    </message>
    <message>
        <source>Your card has expired, so it cannot borrow. You can still return books. The service desk can renew a library card or give you a new one.</source>
        <translation>Your card has expired, so it cannot borrow. You can still return books. The service desk can renew a library card or give you a new one.</translation>
    </message>
    <message>
        <source>This book is on loan to another reader, so it cannot be borrowed. If you are returning it, press Finish, then scan it again on the first screen.</source>
        <translation>This book is on loan to another reader, so it cannot be borrowed. If you are returning it, press Finish, then scan it again on the first screen.</translation>
    </message>
    <message>
        <source>This book is already on loan to you. To keep it, do nothing. To return it now, press Return it.</source>
        <translation>This book is already on loan to you. To keep it, do nothing. To return it now, press Return it.</translation>
    </message>
    <message>
        <source>This is the ISBN on the cover. Please scan the library label inside the cover.</source>
        <translation>This is the ISBN on the cover. Please scan the library label inside the cover.</translation>
    </message>
    <message>
        <source>This code is not a library label. Please scan the library label inside the cover.</source>
        <translation>This code is not a library label. Please scan the library label inside the cover.</translation>
    </message>
    <message>
        <source>Not borrowed: your card could not be used. To return this book instead, press Return, then scan it again.</source>
        <translation>Not borrowed: your card could not be used. To return this book instead, press Return, then scan it again.</translation>
    </message>
    <message>
        <source>Your resident ID card has expired, so it cannot be used here. Please use your new ID card or your social-security card. You can still return books without a card.</source>
        <translation>Your resident ID card has expired, so it cannot be used here. Please use your new ID card or your social-security card. You can still return books without a card.</translation>
    </message>
    <message>
        <source>None of your books is overdue or due soon, so nothing was renewed. To renew one anyway, press Renew beside it.</source>
        <translation>None of your books is overdue or due soon, so nothing was renewed. To renew one anyway, press Renew beside it.</translation>
    </message>
    <message>
        <source>This book&apos;s tag cannot be read. Please take it off the pad and ask the staff.</source>
        <translation>This book&apos;s tag cannot be read. Please take it off the pad and ask the staff.</translation>
    </message>
    <message>
        <source>This book belongs to a library outside the shared reading network, so this kiosk cannot take it. Please take it off the pad and ask the staff.</source>
        <translation>This book belongs to a library outside the shared reading network, so this kiosk cannot take it. Please take it off the pad and ask the staff.</translation>
    </message>
    <message>
        <source>You have just returned this book. Nothing more to do: put it where the list says.</source>
        <translation>You have just returned this book. Nothing more to do: put it where the list says.</translation>
    </message>
    <message>
        <source>You have unpaid fines of {amount}. Please pay them at the service desk to borrow again.</source>
        <translation>You have unpaid fines of {amount}. Please pay them at the service desk to borrow again.</translation>
    </message>
    <message>
        <source>Your card needs a check by the staff. Please go to the service desk.</source>
        <translation>Your card needs a check by the staff. Please go to the service desk.</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>Unpaid fines: {amount}. You can pay them at the service desk.</source>
        <translation>Unpaid fines: {amount}. You can pay them at the service desk.</translation>
    </message>
    <message>
        <source>Welcome! Your ID card is now your library card in every member library.</source>
        <translation>Welcome! Your ID card is now your library card in every member library.</translation>
    </message>
    <message>
        <source>The network is down: you can borrow up to {n} books now. They are confirmed when the network is back.</source>
        <translation>The network is down: you can borrow up to {n} books now. They are confirmed when the network is back.</translation>
    </message>
    <message>
        <source>The network is down: borrowing is paused. You can still return books.</source>
        <translation>The network is down: borrowing is paused. You can still return books.</translation>
    </message>
    <message>
        <source>Books on loan: {used} of {limit}</source>
        <translation>Books on loan: {used} of {limit}</translation>
    </message>
    <message>
        <source>Hello</source>
        <translation>Hello</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation>Hello, {name}</translation>
    </message>
    <message>
        <source>Network down: returns work · up to {n} books with an ID card · no renewing</source>
        <translation>Network down: returns work · up to {n} books with an ID card · no renewing</translation>
    </message>
    <message>
        <source>Network down: returns work · no borrowing or renewing</source>
        <translation>Network down: returns work · no borrowing or renewing</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>Sorry, this kiosk is out of service</source>
        <translation>Sorry, this kiosk is out of service</translation>
    </message>
    <message>
        <source>Please ask the staff for help. You can borrow and return books at the service desk. This kiosk starts again by itself once it is fixed.</source>
        <translation>Please ask the staff for help. You can borrow and return books at the service desk. This kiosk starts again by itself once it is fixed.</translation>
    </message>
    <message>
        <source>For staff: {reason} ({code})</source>
        <translation>For staff: {reason} ({code})</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Enter your PIN</source>
        <translation>Enter your PIN</translation>
    </message>
    <message>
        <source>Your library card needs its PIN. Tap the digits, then OK. Cover the keys with your other hand.</source>
        <translation>Your library card needs its PIN. Tap the digits, then OK. Cover the keys with your other hand.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReturnSort</name>
    <message>
        <source>back on the pad {n}</source>
        <translation>back on the pad {n}</translation>
    </message>
    <message>
        <source>not returned {n}</source>
        <translation>not returned {n}</translation>
    </message>
    <message>
        <source>hold shelf {n}</source>
        <translation>hold shelf {n}</translation>
    </message>
    <message>
        <source>transit bin {n}</source>
        <translation>transit bin {n}</translation>
    </message>
    <message>
        <source>return cart {n}</source>
        <translation>return cart {n}</translation>
    </message>
    <message>
        <source>To sort: {places}</source>
        <translation>To sort: {places}</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
</context>
<context>
    <name>ReturnsScreen</name>
    <message>
        <source>Return books</source>
        <translation>Return books</translation>
    </message>
    <message>
        <source>Put your books on the pad. The screen tells you where to put each book.</source>
        <translation>Put your books on the pad. The screen tells you where to put each book.</translation>
    </message>
    <message>
        <source>Put your books on the pad, or scan each book&apos;s label. The screen tells you where to put each book.</source>
        <translation>Put your books on the pad, or scan each book&apos;s label. The screen tells you where to put each book.</translation>
    </message>
    <message>
        <source>Scan the label inside each book&apos;s cover. The screen tells you where to put each book.</source>
        <translation>Scan the label inside each book&apos;s cover. The screen tells you where to put each book.</translation>
    </message>
    <message>
        <source>Scan your first book.</source>
        <translation>Scan your first book.</translation>
    </message>
    <message>
        <source>Put your books on the pad.</source>
        <translation>Put your books on the pad.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>RfidPage</name>
    <message>
        <source>Libraries of the network (owners taken)</source>
        <translation>Libraries of the network (owners taken)</translation>
    </message>
    <message>
        <source>Data model of new tags</source>
        <translation>Data model of new tags</translation>
    </message>
    <message>
        <source>Write-protect the item id</source>
        <translation>Write-protect the item id</translation>
    </message>
    <message>
        <source>Write a content parameter</source>
        <translation>Write a content parameter</translation>
    </message>
    <message>
        <source>Use the AFI byte</source>
        <translation>Use the AFI byte</translation>
    </message>
    <message>
        <source>AFI in the library (hex)</source>
        <translation>AFI in the library (hex)</translation>
    </message>
    <message>
        <source>AFI on loan (hex)</source>
        <translation>AFI on loan (hex)</translation>
    </message>
    <message>
        <source>Use the EAS bit</source>
        <translation>Use the EAS bit</translation>
    </message>
    <message>
        <source>Longest wait for a tag write</source>
        <translation>Longest wait for a tag write</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>Item id (barcode)</source>
        <translation>Item id (barcode)</translation>
    </message>
    <message>
        <source>Owner institution (ISIL)</source>
        <translation>Owner institution (ISIL)</translation>
    </message>
    <message>
        <source>Set (part / of how many)</source>
        <translation>Set (part / of how many)</translation>
    </message>
    <message>
        <source>Shelf location</source>
        <translation>Shelf location</translation>
    </message>
    <message>
        <source>Leave as it is</source>
        <translation>Leave as it is</translation>
    </message>
    <message>
        <source>Secured (in the library)</source>
        <translation>Secured (in the library)</translation>
    </message>
    <message>
        <source>Not secured (on loan)</source>
        <translation>Not secured (on loan)</translation>
    </message>
    <message>
        <source>ISO 28560-2 (GB/T 35660.2)</source>
        <translation>ISO 28560-2 (GB/T 35660.2)</translation>
    </message>
    <message>
        <source>ISO 28560-3 (Danish)</source>
        <translation>ISO 28560-3 (Danish)</translation>
    </message>
    <message>
        <source>Written and read back: the tag now holds what is shown.</source>
        <translation>Written and read back: the tag now holds what is shown.</translation>
    </message>
    <message>
        <source>The tag already holds exactly this: nothing was written.</source>
        <translation>The tag already holds exactly this: nothing was written.</translation>
    </message>
    <message>
        <source>That PIN is not right. Nothing was written.</source>
        <translation>That PIN is not right. Nothing was written.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: writing is locked for a while. Nothing was written.</source>
        <translation>Too many wrong PINs: writing is locked for a while. Nothing was written.</translation>
    </message>
    <message>
        <source>No technician PIN is configured. Nothing was written.</source>
        <translation>No technician PIN is configured. Nothing was written.</translation>
    </message>
    <message>
        <source>The book pad is not open (see the Devices page). Nothing was written.</source>
        <translation>The book pad is not open (see the Devices page). Nothing was written.</translation>
    </message>
    <message>
        <source>That tag is no longer on the pad. Put it back and write again.</source>
        <translation>That tag is no longer on the pad. Put it back and write again.</translation>
    </message>
    <message>
        <source>This cannot be written on the tag: {detail}. Nothing was written.</source>
        <translation>This cannot be written on the tag: {detail}. Nothing was written.</translation>
    </message>
    <message>
        <source>The tag left the pad before the write was finished: it may hold half of it. Put it back, keep it still and write again.</source>
        <translation>The tag left the pad before the write was finished: it may hold half of it. Put it back, keep it still and write again.</translation>
    </message>
    <message>
        <source>Written, but the tag does not read back what was written: write again, or use another tag.</source>
        <translation>Written, but the tag does not read back what was written: write again, or use another tag.</translation>
    </message>
    <message>
        <source>The tag refused: part of it is write-protected. Change only what is not locked, or use a new tag.</source>
        <translation>The tag refused: part of it is write-protected. Change only what is not locked, or use a new tag.</translation>
    </message>
    <message>
        <source>The reader or the tag refused the write ({detail}). Try again.</source>
        <translation>The reader or the tag refused the write ({detail}). Try again.</translation>
    </message>
    <message>
        <source>The reader did not answer in time. Check the pad on the Devices page.</source>
        <translation>The reader did not answer in time. Check the pad on the Devices page.</translation>
    </message>
    <message>
        <source>The link to the reader was lost during the write. Write again.</source>
        <translation>The link to the reader was lost during the write. Write again.</translation>
    </message>
    <message>
        <source>Written and read back, but the item id could not be write-protected ({detail}).</source>
        <translation>Written and read back, but the item id could not be write-protected ({detail}).</translation>
    </message>
    <message>
        <source>Blank tag (no data yet)</source>
        <translation>Blank tag (no data yet)</translation>
    </message>
    <message>
        <source>EAS not read</source>
        <translation>EAS not read</translation>
    </message>
    <message>
        <source>EAS on</source>
        <translation>EAS on</translation>
    </message>
    <message>
        <source>EAS off</source>
        <translation>EAS off</translation>
    </message>
    <message>
        <source>secured: in the library</source>
        <translation>secured: in the library</translation>
    </message>
    <message>
        <source>not secured: on loan</source>
        <translation>not secured: on loan</translation>
    </message>
    <message>
        <source>neither in the library nor on loan by these settings</source>
        <translation>neither in the library nor on loan by these settings</translation>
    </message>
    <message>
        <source>Write…</source>
        <translation>Write…</translation>
    </message>
    <message>
        <source>Owner {owner}</source>
        <translation>Owner {owner}</translation>
    </message>
    <message>
        <source>Set {set}</source>
        <translation>Set {set}</translation>
    </message>
    <message>
        <source>Shelf {shelf}</source>
        <translation>Shelf {shelf}</translation>
    </message>
    <message>
        <source>Cannot be read (not a library tag)</source>
        <translation>Cannot be read (not a library tag)</translation>
    </message>
    <message>
        <source>Write it to give it this library&apos;s data.</source>
        <translation>Write it to give it this library&apos;s data.</translation>
    </message>
    <message>
        <source>Its data is not a library data model: write it anew.</source>
        <translation>Its data is not a library data model: write it anew.</translation>
    </message>
    <message>
        <source>Tags on the pad</source>
        <translation>Tags on the pad</translation>
    </message>
    <message>
        <source>Write a tag</source>
        <translation>Write a tag</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>blank</source>
        <translation>blank</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>cannot be read</translation>
    </message>
    <message>
        <source>Put the tag on the pad first, then pick it here.</source>
        <translation>Put the tag on the pad first, then pick it here.</translation>
    </message>
    <message>
        <source>Write tag {uid}:</source>
        <translation>Write tag {uid}:</translation>
    </message>
    <message>
        <source>Security: {state}</source>
        <translation>Security: {state}</translation>
    </message>
    <message>
        <source>Enter the technician PIN, then OK, to write.</source>
        <translation>Enter the technician PIN, then OK, to write.</translation>
    </message>
    <message>
        <source>Note: {owner} is not one of the network&apos;s libraries; kiosks here will refuse this book.</source>
        <translation>Note: {owner} is not one of the network&apos;s libraries; kiosks here will refuse this book.</translation>
    </message>
    <message>
        <source>Writing… keep the tag still on the pad.</source>
        <translation>Writing… keep the tag still on the pad.</translation>
    </message>
    <message>
        <source>That did not work: {error}</source>
        <translation>That did not work: {error}</translation>
    </message>
    <message>
        <source>Blocks {first}–{last} are now write-protected.</source>
        <translation>Blocks {first}–{last} are now write-protected.</translation>
    </message>
    <message>
        <source>two hex digits, 00 to FF (in the library 07, on loan C2 by default)</source>
        <translation>two hex digits, 00 to FF (in the library 07, on loan C2 by default)</translation>
    </message>
    <message>
        <source>Writing the configuration file…</source>
        <translation>Writing the configuration file…</translation>
    </message>
    <message>
        <source>Saved in {file}; the previous file is kept as {backup}. The pad reads and secures books with these settings from now on.</source>
        <translation>Saved in {file}; the previous file is kept as {backup}. The pad reads and secures books with these settings from now on.</translation>
    </message>
    <message>
        <source>This kiosk was started without a config file: there is nothing to save to.</source>
        <translation>This kiosk was started without a config file: there is nothing to save to.</translation>
    </message>
    <message>
        <source>Not saved, because:</source>
        <translation>Not saved, because:</translation>
    </message>
    <message>
        <source>Every tag in the pad&apos;s field, read as it arrives. Tags hold no patron data. Write… programs or repairs one.</source>
        <translation>Every tag in the pad&apos;s field, read as it arrives. Tags hold no patron data. Write… programs or repairs one.</translation>
    </message>
    <message>
        <source>No tag on the pad. Put a book on it.</source>
        <translation>No tag on the pad. Put a book on it.</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Put the tag on the pad</source>
        <translation>Put the tag on the pad</translation>
    </message>
    <message>
        <source>Set: this part and how many the set has, e.g. 1/1 or 2/3. A field left empty stays as it is on the tag. Only the blocks that change are written, each read back; write-protected blocks are never touched.</source>
        <translation>Set: this part and how many the set has, e.g. 1/1 or 2/3. A field left empty stays as it is on the tag. Only the blocks that change are written, each read back; write-protected blocks are never touched.</translation>
    </message>
    <message>
        <source>Security (AFI, EAS)</source>
        <translation>Security (AFI, EAS)</translation>
    </message>
    <message>
        <source>Write tag…</source>
        <translation>Write tag…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>The reader&apos;s port and timing are on the Devices page (Book pad).</source>
        <translation>The reader&apos;s port and timing are on the Devices page (Book pad).</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Undo changes</translation>
    </message>
</context>
<context>
    <name>SessionScreen</name>
    <message>
        <source>Put your books on the pad, several at once if you like.</source>
        <translation>Put your books on the pad, several at once if you like.</translation>
    </message>
    <message>
        <source>Put your books on the pad, or scan the label inside each book&apos;s cover.</source>
        <translation>Put your books on the pad, or scan the label inside each book&apos;s cover.</translation>
    </message>
    <message>
        <source>Scan the library label inside each book&apos;s cover, one book at a time.</source>
        <translation>Scan the library label inside each book&apos;s cover, one book at a time.</translation>
    </message>
    <message>
        <source>Your books will be listed here.</source>
        <translation>Your books will be listed here.</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>My account</translation>
    </message>
    <message>
        <source>Return it</source>
        <translation>Return it</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>To return books, press Finish.</source>
        <translation>To return books, press Finish.</translation>
    </message>
</context>
<context>
    <name>SummaryScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>Thank you!</translation>
    </message>
    <message>
        <source>Please take your card with you.</source>
        <translation>Please take your card with you.</translation>
    </message>
    <message>
        <source>Nothing was borrowed or returned.</source>
        <translation>Nothing was borrowed or returned.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>No receipt</translation>
    </message>
    <message>
        <source>Scan to keep this list on your phone</source>
        <translation>Scan to keep this list on your phone</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>Receipts unavailable</source>
        <translation>Receipts unavailable</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Your receipt is printed. Please take it.</source>
        <translation>Your receipt is printed. Please take it.</translation>
    </message>
    <message>
        <source>The printer is out of paper.</source>
        <translation>The printer is out of paper.</translation>
    </message>
    <message>
        <source>The receipt could not be printed.</source>
        <translation>The receipt could not be printed.</translation>
    </message>
    <message>
        <source>Your loans are in My account, or scan the QR code.</source>
        <translation>Your loans are in My account, or scan the QR code.</translation>
    </message>
    <message>
        <source>Borrowed: {n}</source>
        <translation>Borrowed: {n}</translation>
    </message>
    <message>
        <source>Returned: {n}</source>
        <translation>Returned: {n}</translation>
    </message>
    <message>
        <source>Renewed: {n}</source>
        <translation>Renewed: {n}</translation>
    </message>
    <message>
        <source>{n} book(s) could not be borrowed. Please ask the staff if you need help.</source>
        <translation>{n} book(s) could not be borrowed. Please ask the staff if you need help.</translation>
    </message>
    <message>
        <source>Not renewed: {titles}. Please return them by their due dates.</source>
        <translation>Not renewed: {titles}. Please return them by their due dates.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>This screen closes in {seconds} s.</source>
        <translation>This screen closes in {seconds} s.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Waiting to sync</source>
        <translation>Waiting to sync</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <source>Heartbeat to the staff console: off.</source>
        <translation>Heartbeat to the staff console: off.</translation>
    </message>
    <message>
        <source>Heartbeat to the staff console: sent {age} ago.</source>
        <translation>Heartbeat to the staff console: sent {age} ago.</translation>
    </message>
    <message>
        <source>Heartbeat to the staff console: starting.</source>
        <translation>Heartbeat to the staff console: starting.</translation>
    </message>
    <message>
        <source>Heartbeat to the staff console: not delivered ({error}); last sent: {age}. Trying again.</source>
        <translation>Heartbeat to the staff console: not delivered ({error}); last sent: {age}. Trying again.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>{age} ago</source>
        <translation>{age} ago</translation>
    </message>
    <message>
        <source> · done offline</source>
        <translation> · done offline</translation>
    </message>
    <message>
        <source>The library system dated it when it was sent, not when it happened (it ignores the original date of an offline act).</source>
        <translation>The library system dated it when it was sent, not when it happened (it ignores the original date of an offline act).</translation>
    </message>
    <message>
        <source>Service&apos;s reason: {reason}</source>
        <translation>Service&apos;s reason: {reason}</translation>
    </message>
    <message>
        <source>Oldest act waiting to sync: {age}</source>
        <translation>Oldest act waiting to sync: {age}</translation>
    </message>
    <message>
        <source>Last try: {error}</source>
        <translation>Last try: {error}</translation>
    </message>
    <message>
        <source>The journal cannot be read: {error}</source>
        <translation>The journal cannot be read: {error}</translation>
    </message>
    <message>
        <source>Sending the waiting acts now…</source>
        <translation>Sending the waiting acts now…</translation>
    </message>
    <message>
        <source>Writing the CSV file…</source>
        <translation>Writing the CSV file…</translation>
    </message>
    <message>
        <source>Exported to {file} (patron data masked).</source>
        <translation>Exported to {file} (patron data masked).</translation>
    </message>
    <message>
        <source>Export failed: {error}</source>
        <translation>Export failed: {error}</translation>
    </message>
    <message>
        <source>Conflicts and rejections</source>
        <translation>Conflicts and rejections</translation>
    </message>
    <message>
        <source>None. Acts the service refuses or questions are listed here.</source>
        <translation>None. Acts the service refuses or questions are listed here.</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Retry now</translation>
    </message>
    <message>
        <source>Export CSV to:</source>
        <translation>Export CSV to:</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Export CSV</translation>
    </message>
</context>
<context>
    <name>TechnicianFields</name>
    <message>
        <source>Open at start-up</source>
        <translation>Open at start-up</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Find by USB id (VID:PID)</source>
        <translation>Find by USB id (VID:PID)</translation>
    </message>
    <message>
        <source>USB serial number</source>
        <translation>USB serial number</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Baud rate</translation>
    </message>
    <message>
        <source>Parity (8 data bits, 1 stop bit)</source>
        <translation>Parity (8 data bits, 1 stop bit)</translation>
    </message>
    <message>
        <source>First reopen wait</source>
        <translation>First reopen wait</translation>
    </message>
    <message>
        <source>Longest reopen wait</source>
        <translation>Longest reopen wait</translation>
    </message>
    <message>
        <source>Card poll interval</source>
        <translation>Card poll interval</translation>
    </message>
    <message>
        <source>Reply timeout</source>
        <translation>Reply timeout</translation>
    </message>
    <message>
        <source>Unanswered polls before &apos;silent&apos;</source>
        <translation>Unanswered polls before &apos;silent&apos;</translation>
    </message>
    <message>
        <source>&apos;No card&apos; answers before a new tap</source>
        <translation>&apos;No card&apos; answers before a new tap</translation>
    </message>
    <message>
        <source>End of a code (terminator)</source>
        <translation>End of a code (terminator)</translation>
    </message>
    <message>
        <source>Idle gap (with terminator &apos;idle&apos;)</source>
        <translation>Idle gap (with terminator &apos;idle&apos;)</translation>
    </message>
    <message>
        <source>Longest code</source>
        <translation>Longest code</translation>
    </message>
    <message>
        <source>Shortest code</source>
        <translation>Shortest code</translation>
    </message>
    <message>
        <source>AIM identifier</source>
        <translation>AIM identifier</translation>
    </message>
    <message>
        <source>Strip Codabar start/stop (A–D)</source>
        <translation>Strip Codabar start/stop (A–D)</translation>
    </message>
    <message>
        <source>Same code again counts once within</source>
        <translation>Same code again counts once within</translation>
    </message>
    <message>
        <source>Credential kind</source>
        <translation>Credential kind</translation>
    </message>
    <message>
        <source>Card number format</source>
        <translation>Card number format</translation>
    </message>
    <message>
        <source>Pad with zeros to (0: no)</source>
        <translation>Pad with zeros to (0: no)</translation>
    </message>
    <message>
        <source>On</source>
        <translation>On</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Library card</source>
        <translation>Library card</translation>
    </message>
    <message>
        <source>Social-security card</source>
        <translation>Social-security card</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Auto</translation>
    </message>
    <message>
        <source>{value} ms</source>
        <translation>{value} ms</translation>
    </message>
    <message>
        <source>{value} characters</source>
        <translation>{value} characters</translation>
    </message>
</context>
<context>
    <name>TechnicianPin</name>
    <message>
        <source>Technician mode</source>
        <translation>Technician mode</translation>
    </message>
    <message>
        <source>For library staff and service technicians. Enter the technician PIN, then OK. If you came here by mistake, tap Back.</source>
        <translation>For library staff and service technicians. Enter the technician PIN, then OK. If you came here by mistake, tap Back.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>That PIN is not right. {n} more wrong PIN(s) lock this entry.</source>
        <translation>That PIN is not right. {n} more wrong PIN(s) lock this entry.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Technician mode is locked for {time} more.</source>
        <translation>Too many wrong PINs. Technician mode is locked for {time} more.</translation>
    </message>
    <message>
        <source>Technician mode is not set up on this kiosk: no PIN is configured. Set one with &apos;kiosk config set-pin&apos;.</source>
        <translation>Technician mode is not set up on this kiosk: no PIN is configured. Set one with &apos;kiosk config set-pin&apos;.</translation>
    </message>
</context>
<context>
    <name>TechnicianScreen</name>
    <message>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Library</translation>
    </message>
    <message>
        <source>RFID</source>
        <translation>RFID</translation>
    </message>
    <message>
        <source>Sync queue</source>
        <translation>Sync queue</translation>
    </message>
    <message>
        <source>Kiosk info</source>
        <translation>Kiosk info</translation>
    </message>
    <message>
        <source>Technician mode</source>
        <translation>Technician mode</translation>
    </message>
    <message>
        <source>Back to patron mode</source>
        <translation>Back to patron mode</translation>
    </message>
</context>
<context>
    <name>TimeoutScreen</name>
    <message>
        <source>Are you still there?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>I need more time</source>
        <translation>I need more time</translation>
    </message>
    <message>
        <source>Finish now</source>
        <translation>Finish now</translation>
    </message>
    <message>
        <source>To protect your privacy, this session ends in {seconds} s.</source>
        <translation>To protect your privacy, this session ends in {seconds} s.</translation>
    </message>
</context>
<context>
    <name>TouchKeyboard</name>
    <message>
        <source>Space</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>Window</name>
    <message>
        <source>Some services unavailable</source>
        <translation>Some services unavailable</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Shared Reading Pass</source>
        <translation>Shared Reading Pass</translation>
    </message>
    <message>
        <source>Accessibility</source>
        <translation>Accessibility</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>An ID card is still on the reader. Please take it with you now.</source>
        <translation>An ID card is still on the reader. Please take it with you now.</translation>
    </message>
</context>
</TS>
