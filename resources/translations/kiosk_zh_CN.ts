<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountScreen</name>
    <message>
        <source>Books on loan</source>
        <translation>在借图书</translation>
    </message>
    <message>
        <source>Ready for pickup</source>
        <translation>预约到书，待取</translation>
    </message>
    <message>
        <source>You have no books on loan.</source>
        <translation>您目前没有在借的图书。</translation>
    </message>
    <message>
        <source>No reserved books are waiting.</source>
        <translation>暂时没有待取的预约图书。</translation>
    </message>
    <message>
        <source>Renew all</source>
        <translation>全部续借</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Due {date}</source>
        <translation>应还日期：{date}</translation>
    </message>
    <message>
        <source>Renewing…</source>
        <translation>正在续借…</translation>
    </message>
    <message>
        <source>Renewed.</source>
        <translation>续借成功。</translation>
    </message>
    <message>
        <source>It cannot be renewed again.</source>
        <translation>这本书不能再续借了。</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>续借</translation>
    </message>
    <message>
        <source>Pick it up at {library} by {date}.</source>
        <translation>请在 {date} 前到{library}取书。</translation>
    </message>
    <message>
        <source>Pick it up at {library}.</source>
        <translation>请到{library}取书。</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>ID card reader</source>
        <translation>身份证阅读器</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <source>ID reader</source>
        <translation>身份证</translation>
    </message>
    <message>
        <source>barcode scanner</source>
        <translation>条码扫描器</translation>
    </message>
    <message>
        <source>card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>扫描器</translation>
    </message>
    <message>
        <source>working</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>not working</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>The {device} is not connected.</source>
        <translation>{device}未连接。</translation>
    </message>
    <message>
        <source>The {device} was unplugged or lost its link.</source>
        <translation>{device}已拔出或连接中断。</translation>
    </message>
    <message>
        <source>The {device} cannot be found.</source>
        <translation>找不到{device}。</translation>
    </message>
    <message>
        <source>The {device} is in use by another program.</source>
        <translation>{device}正被其他程序占用。</translation>
    </message>
    <message>
        <source>The {device} cannot be opened.</source>
        <translation>无法打开{device}。</translation>
    </message>
    <message>
        <source>The {device} does not answer.</source>
        <translation>{device}没有响应。</translation>
    </message>
    <message>
        <source>The {device}&apos;s security module reports a fault.</source>
        <translation>{device}的安全模块报告故障。</translation>
    </message>
    <message>
        <source>The {device} sent data the kiosk cannot read.</source>
        <translation>{device}发送的数据无法识别。</translation>
    </message>
    <message>
        <source>The {device} is not working.</source>
        <translation>{device}工作不正常。</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Welcome to self-service borrowing</source>
        <translation>欢迎使用自助借还</translation>
    </message>
    <message>
        <source>To borrow, just place your card on the reader. To return, just scan the label inside the book&apos;s cover.</source>
        <translation>借书：直接把卡放在读卡区。还书：直接扫描书封面内的图书馆条码。</translation>
    </message>
    <message>
        <source>Place your card here</source>
        <translation>把卡放在这里</translation>
    </message>
    <message>
        <source>Scan the label inside the cover</source>
        <translation>扫描封面内的条码</translation>
    </message>
    <message>
        <source>Borrow</source>
        <translation>借书</translation>
    </message>
    <message>
        <source>ID card, social-security card or library card</source>
        <translation>身份证、社保卡或读者证</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>还书</translation>
    </message>
    <message>
        <source>No card needed</source>
        <translation>无需刷卡</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>我的账户</translation>
    </message>
    <message>
        <source>Loans, due dates, renewals, holds</source>
        <translation>在借图书、应还日期、续借、预约</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Place your resident ID card, social-security card or library card on the reader.</source>
        <translation>请把居民身份证、社保卡或读者证放在读卡区。</translation>
    </message>
    <message>
        <source>Place your card here</source>
        <translation>把卡放在这里</translation>
    </message>
    <message>
        <source>Checking your card…</source>
        <translation>正在核验您的卡…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>我的账户</translation>
    </message>
    <message>
        <source>Borrow</source>
        <translation>借书</translation>
    </message>
</context>
<context>
    <name>ItemRow</name>
    <message>
        <source>Checking…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>Renewed, now due {date}</source>
        <translation>续借成功，应还日期：{date}</translation>
    </message>
    <message>
        <source>Not renewed</source>
        <translation>未能续借</translation>
    </message>
    <message>
        <source>Borrowed offline, due {date}</source>
        <translation>离线借出，应还日期：{date}</translation>
    </message>
    <message>
        <source>Provisional: it is confirmed when the network is back.</source>
        <translation>暂借：网络恢复后自动确认。</translation>
    </message>
    <message>
        <source>Provisional</source>
        <translation>暂借</translation>
    </message>
    <message>
        <source>Borrowed, due {date}</source>
        <translation>借书成功，应还日期：{date}</translation>
    </message>
    <message>
        <source>Borrowed</source>
        <translation>借书成功</translation>
    </message>
    <message>
        <source>Already yours</source>
        <translation>已在您名下</translation>
    </message>
    <message>
        <source>Not borrowed</source>
        <translation>未能借出</translation>
    </message>
    <message>
        <source>Not returned</source>
        <translation>未能归还</translation>
    </message>
    <message>
        <source>Returned: put it on the return cart</source>
        <translation>已还：请放到还书车上</translation>
    </message>
    <message>
        <source>It will be checked in when the network is back.</source>
        <translation>网络恢复后自动完成还书登记。</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Returned: put it in the transit bin</source>
        <translation>已还：请放入调拨箱</translation>
    </message>
    <message>
        <source>It goes back to {library}.</source>
        <translation>这本书将送回{library}。</translation>
    </message>
    <message>
        <source>Another reader ({name}) is waiting for it.</source>
        <translation>有读者（{name}）预约了这本书。</translation>
    </message>
    <message>
        <source>Another reader is waiting for it.</source>
        <translation>有读者预约了这本书。</translation>
    </message>
    <message>
        <source>Returned: put it on the hold shelf</source>
        <translation>已还：请放到预约书架上</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Something went wrong. Please try again, or ask the staff for help.</source>
        <translation>出了点问题。请再试一次，或请工作人员帮忙。</translation>
    </message>
    <message>
        <source>Your card cannot borrow at the moment. Please ask at the service desk.</source>
        <translation>您的卡暂时不能借书，请到服务台咨询。</translation>
    </message>
    <message>
        <source>Your card has expired. Please renew it at the service desk.</source>
        <translation>您的卡已过期，请到服务台办理续期。</translation>
    </message>
    <message>
        <source>You have reached your borrowing limit. Please return a book before borrowing this one.</source>
        <translation>您的借书数量已达上限。请先还一本书，再借这一本。</translation>
    </message>
    <message>
        <source>This book is not in the library system. Please hand it to the staff.</source>
        <translation>图书馆系统中没有这本书，请交给工作人员。</translation>
    </message>
    <message>
        <source>This book is for reading in the library only. Please put it on the return cart.</source>
        <translation>这本书仅供馆内阅读，请放到还书车上。</translation>
    </message>
    <message>
        <source>This book is reserved for another reader. Please hand it to the staff.</source>
        <translation>这本书已被其他读者预约，请交给工作人员。</translation>
    </message>
    <message>
        <source>This book is still on loan to someone else. To return it, tap Return first; otherwise please hand it to the staff.</source>
        <translation>这本书还借在其他读者名下。如要还书，请先点“还书”；否则请交给工作人员。</translation>
    </message>
    <message>
        <source>You have already borrowed this book. Nothing more to do.</source>
        <translation>这本书已经借在您名下，无需再借。</translation>
    </message>
    <message>
        <source>This book cannot be renewed again. Please return it by its due date.</source>
        <translation>这本书不能再续借了，请在应还日期前归还。</translation>
    </message>
    <message>
        <source>Another reader is waiting for this book, so it cannot be renewed. Please return it by its due date.</source>
        <translation>有其他读者预约了这本书，因此不能续借。请在应还日期前归还。</translation>
    </message>
    <message>
        <source>This book is not on loan. Please put it on the return cart.</source>
        <translation>这本书没有借出记录，请放到还书车上。</translation>
    </message>
    <message>
        <source>We could not find your card in the library system. Please ask at the service desk.</source>
        <translation>图书馆系统中查不到您的卡，请到服务台咨询。</translation>
    </message>
    <message>
        <source>This was cancelled and not recorded. Please scan the book again.</source>
        <translation>这次操作已取消，没有记录。请重新扫描这本书。</translation>
    </message>
    <message>
        <source>This kiosk cannot do that. Please ask the staff for help.</source>
        <translation>这台自助机不能办理此项业务，请工作人员帮忙。</translation>
    </message>
    <message>
        <source>Please enter your PIN.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>That PIN is not right. Please enter it again.</source>
        <translation>密码不正确，请重新输入。</translation>
    </message>
    <message>
        <source>The network is down, so only a resident ID card can be used now. Please place your ID card on the reader, or come back later.</source>
        <translation>网络暂时中断，现在只能使用居民身份证。请把身份证放在读卡区，或稍后再来。</translation>
    </message>
    <message>
        <source>This kiosk cannot check cards right now. Please ask the staff for help.</source>
        <translation>这台自助机暂时无法核验卡片，请工作人员帮忙。</translation>
    </message>
    <message>
        <source>Borrowing is paused while the network is down. You can still return books.</source>
        <translation>网络中断期间暂停借书，您仍然可以还书。</translation>
    </message>
    <message>
        <source>While the network is down you can borrow only a few books. Please borrow the others later.</source>
        <translation>网络中断期间只能借少量图书，其余的请稍后再借。</translation>
    </message>
    <message>
        <source>Renewing is paused while the network is down. Please try again later.</source>
        <translation>网络中断期间暂停续借，请稍后再试。</translation>
    </message>
    <message>
        <source>This kiosk cannot record loans right now. Please ask the staff for help.</source>
        <translation>这台自助机暂时无法记录借还，请工作人员帮忙。</translation>
    </message>
    <message>
        <source>Not borrowed: the library system did not answer in time. Please scan the book again.</source>
        <translation>未能借出：图书馆系统没有及时响应。请重新扫描这本书。</translation>
    </message>
    <message>
        <source>The library system cannot be reached. Please try again in a moment.</source>
        <translation>暂时无法连接图书馆系统，请稍后再试。</translation>
    </message>
    <message>
        <source>Please place your card on the reader first, then scan your books.</source>
        <translation>请先把卡放在读卡区，再扫描图书。</translation>
    </message>
    <message>
        <source>This is the ISBN on the cover. Please scan the library label inside the cover.</source>
        <translation>这是封面上的 ISBN 条码。请扫描封面内侧的图书馆条码。</translation>
    </message>
    <message>
        <source>This code is not a library label. Please scan the library label inside the cover.</source>
        <translation>这不是图书馆条码。请扫描封面内侧的图书馆条码。</translation>
    </message>
    <message>
        <source>You have unpaid fines of {amount}. Please pay them at the service desk to borrow again.</source>
        <translation>您有 {amount} 的欠款未缴。请到服务台缴清后再借书。</translation>
    </message>
    <message>
        <source>Your card needs a check by the staff. Please go to the service desk.</source>
        <translation>您的卡需要工作人员核实，请到服务台办理。</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>Unpaid fines: {amount}. You can pay them at the service desk.</source>
        <translation>未缴欠款：{amount}。可到服务台缴纳。</translation>
    </message>
    <message>
        <source>Welcome! Your ID card is now your library card in every member library.</source>
        <translation>欢迎！您的身份证现已开通借阅，在各成员馆都可以使用。</translation>
    </message>
    <message>
        <source>The network is down: you can borrow a few books now. They are confirmed when the network is back.</source>
        <translation>网络暂时中断：现在可以借少量图书，网络恢复后自动确认。</translation>
    </message>
    <message>
        <source>Books on loan: {used} of {limit}</source>
        <translation>已借 {used} / {limit} 本</translation>
    </message>
    <message>
        <source>Hello</source>
        <translation>您好</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation>您好，{name}</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>Sorry, this kiosk is out of service</source>
        <translation>抱歉，本机暂停服务</translation>
    </message>
    <message>
        <source>Please ask the staff for help. You can borrow and return books at the service desk. This kiosk starts again by itself once it is fixed.</source>
        <translation>请联系工作人员。您可以到服务台借书和还书。故障排除后，本机会自动恢复服务。</translation>
    </message>
    <message>
        <source>For staff: {reason} ({code})</source>
        <translation>工作人员请注意：{reason}（{code}）</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Enter your PIN</source>
        <translation>请输入密码</translation>
    </message>
    <message>
        <source>Your library card needs its PIN. Tap the digits, then OK. Cover the keys with your other hand.</source>
        <translation>读者证需要输入密码。请点数字，再点“确定”。输入时请用另一只手遮挡。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核验…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ReturnsScreen</name>
    <message>
        <source>Return books</source>
        <translation>还书</translation>
    </message>
    <message>
        <source>Scan the label inside each book&apos;s cover. The screen tells you where to put each book.</source>
        <translation>请逐本扫描封面内侧的图书馆条码，屏幕会告诉您每本书放在哪里。</translation>
    </message>
    <message>
        <source>Scan your first book.</source>
        <translation>请扫描第一本书。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>SessionScreen</name>
    <message>
        <source>Scan the library label inside each book&apos;s cover, one book at a time.</source>
        <translation>请逐本扫描封面内侧的图书馆条码。</translation>
    </message>
    <message>
        <source>Your books will be listed here.</source>
        <translation>扫描的图书会显示在这里。</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>我的账户</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>SummaryScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>谢谢使用！</translation>
    </message>
    <message>
        <source>Please take your card with you.</source>
        <translation>请带好您的卡。</translation>
    </message>
    <message>
        <source>Nothing was borrowed or returned.</source>
        <translation>本次没有借还图书。</translation>
    </message>
    <message>
        <source>This screen closes by itself.</source>
        <translation>本页面稍后自动关闭。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Borrowed: {n}</source>
        <translation>借出 {n} 本</translation>
    </message>
    <message>
        <source>Returned: {n}</source>
        <translation>归还 {n} 本</translation>
    </message>
    <message>
        <source>Renewed: {n}</source>
        <translation>续借 {n} 本</translation>
    </message>
    <message>
        <source>{n} book(s) could not be borrowed. Please ask the staff if you need help.</source>
        <translation>有 {n} 本书未能借出。如需帮助，请联系工作人员。</translation>
    </message>
</context>
<context>
    <name>TimeoutScreen</name>
    <message>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续使用</translation>
    </message>
    <message>
        <source>To protect your privacy, this session ends in {seconds} s unless you tap Continue.</source>
        <translation>为保护您的隐私，{seconds} 秒后将自动退出。如需继续，请点“继续使用”。</translation>
    </message>
</context>
<context>
    <name>Window</name>
    <message>
        <source>Offline</source>
        <translation>网络中断</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>已联网</translation>
    </message>
    <message>
        <source>Shared Reading Pass</source>
        <translation>川渝阅读一卡通</translation>
    </message>
    <message>
        <source>The network is down. You can still use this kiosk:</source>
        <translation>网络暂时中断，本机仍可使用：</translation>
    </message>
    <message>
        <source>Returns work as usual. Borrowing works only with a resident ID card, a few books per person, confirmed when the network is back. Renewing is paused.</source>
        <translation>还书照常。借书仅限居民身份证，每人限借少量图书，网络恢复后确认。暂停续借。</translation>
    </message>
</context>
</TS>
