<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccessPanel</name>
    <message>
        <source>Accessibility</source>
        <translation>无障碍</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>再说一遍</translation>
    </message>
    <message>
        <source>Quieter</source>
        <translation>小声一点</translation>
    </message>
    <message>
        <source>Louder</source>
        <translation>大声一点</translation>
    </message>
    <message>
        <source>Volume {level} of {steps}</source>
        <translation>音量 {level}/{steps}</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>大字</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <source>Speech</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>on</source>
        <translation>已开启</translation>
    </message>
    <message>
        <source>off</source>
        <translation>未开启</translation>
    </message>
</context>
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
        <source>Your loans cannot be shown at this kiosk. You can borrow and return books here; the service desk can show your loans.</source>
        <translation>本机无法显示您的在借图书。您仍可以在这里借书和还书；服务台可以为您查看在借图书。</translation>
    </message>
    <message>
        <source>Your account cannot be shown while the network is down. You can still return books, and borrow up to {n} books with your resident ID card.</source>
        <translation>网络中断，暂时无法显示您的账户。您仍然可以还书，也可以凭居民身份证借最多 {n} 本书。</translation>
    </message>
    <message>
        <source>Your account cannot be shown while the network is down. You can still return books.</source>
        <translation>网络中断，暂时无法显示您的账户。您仍然可以还书。</translation>
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
        <source>RFID book pad</source>
        <translation>RFID 图书感应区</translation>
    </message>
    <message>
        <source>receipt printer</source>
        <translation>凭条打印机</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>扫描器</translation>
    </message>
    <message>
        <source>Book pad</source>
        <translation>感应区</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
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
        <source>The {device} is running out of paper.</source>
        <translation>{device}纸张将尽。</translation>
    </message>
    <message>
        <source>The {device} is out of paper.</source>
        <translation>{device}缺纸。</translation>
    </message>
    <message>
        <source>The {device}&apos;s cover is open.</source>
        <translation>{device}的盖子开着。</translation>
    </message>
    <message>
        <source>The {device} reports a fault.</source>
        <translation>{device}报告故障。</translation>
    </message>
    <message>
        <source>The {device} is not working.</source>
        <translation>{device}工作不正常。</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>— not used —</source>
        <translation>— 不使用 —</translation>
    </message>
    <message>
        <source>— none —</source>
        <translation>— 无 —</translation>
    </message>
    <message>
        <source>Serial ports present:</source>
        <translation>本机现有串口：</translation>
    </message>
    <message>
        <source>No serial ports are present.</source>
        <translation>本机没有串口。</translation>
    </message>
    <message>
        <source>Now: {state}</source>
        <translation>当前：{state}</translation>
    </message>
    <message>
        <source>off</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>watching the {device}</source>
        <translation>开始监视{device}</translation>
    </message>
    <message>
        <source>Reopening the device with these settings…</source>
        <translation>正在按这些设置重新打开设备…</translation>
    </message>
    <message>
        <source>Applied: the device was reopened with these settings. Save to keep them after a restart.</source>
        <translation>已应用：设备已按这些设置重新打开。点“保存”后重启也会保留。</translation>
    </message>
    <message>
        <source>Writing the configuration file…</source>
        <translation>正在写入配置文件…</translation>
    </message>
    <message>
        <source>Saved in {file}. The previous file is kept as {backup}. Apply reopens the device with them now.</source>
        <translation>已保存到 {file}，原文件备份为 {backup}。点“应用”可立即按新设置重新打开设备。</translation>
    </message>
    <message>
        <source>This kiosk was started without a config file: there is nothing to save to.</source>
        <translation>本机启动时未指定配置文件，无处保存。</translation>
    </message>
    <message>
        <source>That did not work: {error}</source>
        <translation>操作未成功：{error}</translation>
    </message>
    <message>
        <source>Not applied and nothing written, because:</source>
        <translation>未应用，也未写入任何内容，原因：</translation>
    </message>
    <message>
        <source>Test: show what it sends</source>
        <translation>测试：显示设备发送的内容</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>撤销修改</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Welcome to self-service borrowing</source>
        <translation>欢迎使用自助借还</translation>
    </message>
    <message>
        <source>To borrow, just place your card on the reader. To return, just put your books on the pad.</source>
        <translation>借书：直接把卡放在读卡区。还书：直接把书放在感应区上。</translation>
    </message>
    <message>
        <source>To borrow, just place your card on the reader. To return, put your books on the pad or scan the label inside the cover.</source>
        <translation>借书：直接把卡放在读卡区。还书：把书放在感应区上，或扫描封面内的图书馆条码。</translation>
    </message>
    <message>
        <source>To borrow, just place your card on the reader. To return, just scan the label inside the book&apos;s cover.</source>
        <translation>借书：直接把卡放在读卡区。还书：直接扫描书封面内的图书馆条码。</translation>
    </message>
    <message>
        <source>Put your books on the pad</source>
        <translation>把书放在感应区上</translation>
    </message>
    <message>
        <source>Books on the pad, or scan the label</source>
        <translation>把书放在感应区上，或扫描条码</translation>
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
    <name>InfoPage</name>
    <message>
        <source>Kiosk software version</source>
        <translation>自助机软件版本</translation>
    </message>
    <message>
        <source>Kiosk and library</source>
        <translation>自助机与图书馆</translation>
    </message>
    <message>
        <source>Regional service</source>
        <translation>区域服务</translation>
    </message>
    <message>
        <source>Reachable</source>
        <translation>能否连接</translation>
    </message>
    <message>
        <source>Clock difference to the service</source>
        <translation>与服务的时钟差</translation>
    </message>
    <message>
        <source>Free disk</source>
        <translation>磁盘剩余空间</translation>
    </message>
    <message>
        <source>Journal size</source>
        <translation>日志库大小</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>asking the service…</source>
        <translation>正在询问服务…</translation>
    </message>
    <message>
        <source>Yes, answered in {ms} ms</source>
        <translation>能，{ms} 毫秒内应答</translation>
    </message>
    <message>
        <source>No ({reason})</source>
        <translation>不能（{reason}）</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>{s} s (the service minus this kiosk)</source>
        <translation>{s} 秒（服务时间减本机时间）</translation>
    </message>
    <message>
        <source>off</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Restart the kiosk app</source>
        <translation>重启自助机程序</translation>
    </message>
    <message>
        <source>Exit to the desktop</source>
        <translation>退出到桌面</translation>
    </message>
    <message>
        <source>Restart closes the devices and the journal and starts the app again. Exit to the desktop ends the kiosk app until it is started again.</source>
        <translation>“重启”会关闭设备和日志库，然后重新启动程序。“退出到桌面”会结束自助机程序，直到再次启动。</translation>
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
        <source>“{title}”: {status}. {detail}</source>
        <translation>图书《{title}》：{status}。{detail}</translation>
    </message>
    <message>
        <source>Returned, but its tag is not set</source>
        <translation>已还，但标签未设置好</translation>
    </message>
    <message>
        <source>Borrowed, but its tag is not set</source>
        <translation>已借，但标签未设置好</translation>
    </message>
    <message>
        <source>Please put this book back on the pad.</source>
        <translation>请把这本书放回感应区。</translation>
    </message>
    <message>
        <source>Already returned</source>
        <translation>已经还过了</translation>
    </message>
    <message>
        <source>Nothing more to do: put it on the return cart.</source>
        <translation>无需其他操作：请把书放到还书车上。</translation>
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
        <source>It goes to {library}.</source>
        <translation>这本书将送往{library}。</translation>
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
    <name>LibraryPage</name>
    <message>
        <source>The kiosk talks to</source>
        <translation>本机连接</translation>
    </message>
    <message>
        <source>Server (host name or address)</source>
        <translation>服务器（主机名或地址）</translation>
    </message>
    <message>
        <source>TCP port</source>
        <translation>TCP 端口</translation>
    </message>
    <message>
        <source>TLS (encrypted)</source>
        <translation>TLS（加密）</translation>
    </message>
    <message>
        <source>CA file (empty: the system&apos;s)</source>
        <translation>CA 证书文件（留空：用系统的）</translation>
    </message>
    <message>
        <source>Name on the certificate (empty: host)</source>
        <translation>证书上的名称（留空：同主机）</translation>
    </message>
    <message>
        <source>Login user (empty: no login)</source>
        <translation>登录用户（留空：不登录）</translation>
    </message>
    <message>
        <source>Login password</source>
        <translation>登录密码</translation>
    </message>
    <message>
        <source>Location code</source>
        <translation>馆藏地点代码</translation>
    </message>
    <message>
        <source>Institution id</source>
        <translation>机构代码</translation>
    </message>
    <message>
        <source>Terminal password</source>
        <translation>终端密码</translation>
    </message>
    <message>
        <source>Dialect</source>
        <translation>方言</translation>
    </message>
    <message>
        <source>End of a frame (terminator)</source>
        <translation>报文结束符</translation>
    </message>
    <message>
        <source>Character set before login</source>
        <translation>登录前的字符集</translation>
    </message>
    <message>
        <source>Character set after login</source>
        <translation>登录后的字符集</translation>
    </message>
    <message>
        <source>Checksums</source>
        <translation>校验和</translation>
    </message>
    <message>
        <source>Date format</source>
        <translation>日期格式</translation>
    </message>
    <message>
        <source>Item identifier</source>
        <translation>册标识</translation>
    </message>
    <message>
        <source>ID card number as patron id</source>
        <translation>身份证号作读者号的方式</translation>
    </message>
    <message>
        <source>Patron id prefix</source>
        <translation>读者号前缀</translation>
    </message>
    <message>
        <source>Honours &apos;no block&apos; (offline acts)</source>
        <translation>遵守“不阻止”（离线业务）</translation>
    </message>
    <message>
        <source>Show the system&apos;s screen messages</source>
        <translation>显示系统的屏幕消息</translation>
    </message>
    <message>
        <source>Language of the system&apos;s messages</source>
        <translation>系统提示信息的语言</translation>
    </message>
    <message>
        <source>PIN for library cards</source>
        <translation>借书证需要密码</translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source>Longest wait for an answer</source>
        <translation>等待应答最长时间</translation>
    </message>
    <message>
        <source>Resends per request</source>
        <translation>每个请求重发次数</translation>
    </message>
    <message>
        <source>Most titles on the account screen</source>
        <translation>账户页最多显示题名数</translation>
    </message>
    <message>
        <source>Regional service</source>
        <translation>区域服务</translation>
    </message>
    <message>
        <source>Library system (SIP2)</source>
        <translation>图书馆系统（SIP2）</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>dp2</source>
        <translation>dp2</translation>
    </message>
    <message>
        <source>CR, answered in kind</source>
        <translation>CR，按请求应答</translation>
    </message>
    <message>
        <source>Verify (standard rule)</source>
        <translation>校验（标准规则）</translation>
    </message>
    <message>
        <source>The dialect&apos;s own rule</source>
        <translation>方言自己的规则</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>SIP2&apos;s 18 characters</source>
        <translation>SIP2 的 18 位格式</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>Institution.barcode</source>
        <translation>机构代码.条码</translation>
    </message>
    <message>
        <source>As read</source>
        <translation>按读取原样</translation>
    </message>
    <message>
        <source>Upper-case X</source>
        <translation>大写 X</translation>
    </message>
    <message>
        <source>Prefix + number</source>
        <translation>前缀 + 号码</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>连接到哪里</translation>
    </message>
    <message>
        <source>Who the kiosk is</source>
        <translation>本机身份</translation>
    </message>
    <message>
        <source>How the system speaks</source>
        <translation>系统的报文方言</translation>
    </message>
    <message>
        <source>Changes to the dialect (unset: as the dialect says)</source>
        <translation>对方言的修改（未设置：按方言）</translation>
    </message>
    <message>
        <source>Patrons and waits</source>
        <translation>读者与等待时间</translation>
    </message>
    <message>
        <source>patron status</source>
        <translation>读者状态</translation>
    </message>
    <message>
        <source>checkout</source>
        <translation>借出</translation>
    </message>
    <message>
        <source>checkin</source>
        <translation>归还</translation>
    </message>
    <message>
        <source>block patron</source>
        <translation>冻结读者</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>resend</source>
        <translation>重发</translation>
    </message>
    <message>
        <source>login</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>patron information</source>
        <translation>读者信息</translation>
    </message>
    <message>
        <source>end patron session</source>
        <translation>结束读者会话</translation>
    </message>
    <message>
        <source>fee paid</source>
        <translation>交费</translation>
    </message>
    <message>
        <source>item information</source>
        <translation>册信息</translation>
    </message>
    <message>
        <source>item status update</source>
        <translation>册状态更新</translation>
    </message>
    <message>
        <source>patron enable</source>
        <translation>读者解冻</translation>
    </message>
    <message>
        <source>hold</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>renew</source>
        <translation>续借</translation>
    </message>
    <message>
        <source>renew all</source>
        <translation>全部续借</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Test and traffic</source>
        <translation>测试与报文</translation>
    </message>
    <message>
        <source>As the dialect says ({value})</source>
        <translation>按方言（{value}）</translation>
    </message>
    <message>
        <source>Writing the configuration file…</source>
        <translation>正在写入配置文件…</translation>
    </message>
    <message>
        <source>Saved in {file}; the previous file is kept as {backup}. The kiosk talks to the library system saved here after a restart (Kiosk info → Restart).</source>
        <translation>已保存到 {file}；原文件保留为 {backup}。重启后本机才会连接这里保存的图书馆系统（本机信息 → 重启）。</translation>
    </message>
    <message>
        <source>This kiosk was started without a config file: there is nothing to save to.</source>
        <translation>本机启动时未指定配置文件，无处保存。</translation>
    </message>
    <message>
        <source>That did not work: {error}</source>
        <translation>操作未成功：{error}</translation>
    </message>
    <message>
        <source>Not saved, because:</source>
        <translation>未保存，原因：</translation>
    </message>
    <message>
        <source>Logging in to {host}:{port} and asking for its status…</source>
        <translation>正在登录 {host}:{port} 并查询其状态…</translation>
    </message>
    <message>
        <source>The test failed: {error}</source>
        <translation>测试失败：{error}</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>No SIP2 frames yet. The kiosk&apos;s own show here while it talks to a library system over SIP2; Test connection&apos;s always do.</source>
        <translation>还没有 SIP2 报文。本机通过 SIP2 连接图书馆系统时，其报文显示在这里；“测试连接”的报文总会显示。</translation>
    </message>
    <message>
        <source>SIP2 traffic (names, patron ids and PINs masked):</source>
        <translation>SIP2 报文（姓名、读者号和密码已遮盖）：</translation>
    </message>
    <message>
        <source>Saved settings are used after a restart of the kiosk app. Test connection tries what is shown, saved or not.</source>
        <translation>保存的设置在重启自助机程序后生效。“测试连接”使用当前显示的设置，无论是否已保存。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <source>Test connection logs in and shows the system&apos;s status here.</source>
        <translation>“测试连接”会登录并在此显示系统状态。</translation>
    </message>
    <message>
        <source>Online: {online} · checkout allowed: {out} · checkin allowed: {back}</source>
        <translation>在线：{online} · 允许借出：{out} · 允许归还：{back}</translation>
    </message>
    <message>
        <source>Library: {name} · protocol {version} · answered in {ms} ms</source>
        <translation>图书馆：{name} · 协议 {version} · 应答用时 {ms} 毫秒</translation>
    </message>
    <message>
        <source>The system&apos;s clock: not given</source>
        <translation>系统时钟：未提供</translation>
    </message>
    <message>
        <source>The system&apos;s clock: {when} ({offset} s from this kiosk&apos;s)</source>
        <translation>系统时钟：{when}（与本机相差 {offset} 秒）</translation>
    </message>
    <message>
        <source>Messages it takes: {names}</source>
        <translation>支持的消息：{names}</translation>
    </message>
    <message>
        <source>Warning: {sentence}</source>
        <translation>警告：{sentence}</translation>
    </message>
    <message>
        <source>Wrong dialect: {sentence}</source>
        <translation>方言不符：{sentence}</translation>
    </message>
    <message>
        <source>Cannot connect: nothing answers at this address and port (or TLS failed).</source>
        <translation>无法连接：该地址和端口无应答（或 TLS 失败）。</translation>
    </message>
    <message>
        <source>Login refused: check the login user and password.</source>
        <translation>登录被拒绝：请检查登录用户和密码。</translation>
    </message>
    <message>
        <source>No answer within {s} s.</source>
        <translation>{s} 秒内无应答。</translation>
    </message>
    <message>
        <source>Answers came but none could be read: check the dialect and character set.</source>
        <translation>收到了应答，但都无法读取：请检查方言和字符集。</translation>
    </message>
    <message>
        <source>The test failed.</source>
        <translation>测试失败。</translation>
    </message>
    <message>
        <source>Detail: {detail}</source>
        <translation>详情：{detail}</translation>
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
        <source>Not done: the library system could not confirm your card. Please place your card on the reader again.</source>
        <translation>未办理：图书馆系统无法确认您的卡。请重新把卡放到读卡器上。</translation>
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
        <source>You have borrowed as many books as this kiosk lends while the network is down. Please borrow the others when it is back.</source>
        <translation>网络中断期间本机可借的数量已借满，其余的请在网络恢复后再借。</translation>
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
        <source>Not borrowed: your session has ended. Please place your card on the reader again, then scan the book again.</source>
        <translation>未借出：本次服务已结束。请重新把卡放到读卡器上，再扫描这本书。</translation>
    </message>
    <message>
        <source>Your card has expired, so it cannot borrow. You can still return books. The service desk can renew a library card or give you a new one.</source>
        <translation>您的证件已过期，不能借书。您仍然可以还书。服务台可以为读者证续期，或为您办一张新证。</translation>
    </message>
    <message>
        <source>This book is on loan to another reader, so it cannot be borrowed. If you are returning it, press Finish, then scan it again on the first screen.</source>
        <translation>这本书借给了其他读者，所以不能借出。如果您是来还这本书的，请按“完成”，然后在首页再扫一次。</translation>
    </message>
    <message>
        <source>This book is already on loan to you. To keep it, do nothing. To return it now, press Return it.</source>
        <translation>这本书已经借在您名下。想继续借着，什么也不用做；想现在还，请按“还这本书”。</translation>
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
        <source>Not borrowed: your card could not be used. To return this book instead, press Return, then scan it again.</source>
        <translation>没有借出：您的证件现在不能使用。如果想还这本书，请按“还书”，然后再扫一次。</translation>
    </message>
    <message>
        <source>Your resident ID card has expired, so it cannot be used here. Please use your new ID card or your social-security card. You can still return books without a card.</source>
        <translation>您的居民身份证已过期，不能在这里使用。请使用新的身份证或社保卡。还书不需要证件，仍然可以还。</translation>
    </message>
    <message>
        <source>None of your books is overdue or due soon, so nothing was renewed. To renew one anyway, press Renew beside it.</source>
        <translation>您的书都没有逾期或快到期，所以没有续借。如仍想续借某本书，请按它旁边的“续借”。</translation>
    </message>
    <message>
        <source>This book&apos;s tag cannot be read. Please take it off the pad and ask the staff.</source>
        <translation>这本书的标签无法读取。请把它从感应区拿开，并联系工作人员。</translation>
    </message>
    <message>
        <source>This book belongs to a library outside the shared reading network, so this kiosk cannot take it. Please take it off the pad and ask the staff.</source>
        <translation>这本书属于通借通还网络以外的图书馆，本机不能办理。请把它从感应区拿开，并联系工作人员。</translation>
    </message>
    <message>
        <source>You have just returned this book. Nothing more to do: put it where the list says.</source>
        <translation>这本书刚刚已经还了。无需其他操作：请按列表中的提示放好。</translation>
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
        <source>The network is down: you can borrow up to {n} books now. They are confirmed when the network is back.</source>
        <translation>网络中断：现在最多可借 {n} 本书，网络恢复后确认。</translation>
    </message>
    <message>
        <source>The network is down: borrowing is paused. You can still return books.</source>
        <translation>网络中断：暂停借书，仍可还书。</translation>
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
    <message>
        <source>Network down: returns work · up to {n} books with an ID card · no renewing</source>
        <translation>网络中断：可以还书 · 凭居民身份证最多借 {n} 本 · 暂停续借</translation>
    </message>
    <message>
        <source>Network down: returns work · no borrowing or renewing</source>
        <translation>网络中断：可以还书 · 暂停借书和续借</translation>
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
    <name>ReturnSort</name>
    <message>
        <source>back on the pad {n}</source>
        <translation>放回感应区 {n}</translation>
    </message>
    <message>
        <source>not returned {n}</source>
        <translation>未还 {n}</translation>
    </message>
    <message>
        <source>hold shelf {n}</source>
        <translation>预约书架 {n}</translation>
    </message>
    <message>
        <source>transit bin {n}</source>
        <translation>调拨箱 {n}</translation>
    </message>
    <message>
        <source>return cart {n}</source>
        <translation>还书车 {n}</translation>
    </message>
    <message>
        <source>To sort: {places}</source>
        <translation>分拣：{places}</translation>
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
        <translation>还书</translation>
    </message>
    <message>
        <source>Put your books on the pad. The screen tells you where to put each book.</source>
        <translation>请把书放在感应区上，屏幕会告诉您每本书放在哪里。</translation>
    </message>
    <message>
        <source>Put your books on the pad, or scan each book&apos;s label. The screen tells you where to put each book.</source>
        <translation>请把书放在感应区上，或逐本扫描条码，屏幕会告诉您每本书放在哪里。</translation>
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
        <source>Put your books on the pad.</source>
        <translation>请把书放在感应区上。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>RfidPage</name>
    <message>
        <source>Libraries of the network (owners taken)</source>
        <translation>网络内的图书馆（接受其图书）</translation>
    </message>
    <message>
        <source>Data model of new tags</source>
        <translation>新标签的数据模型</translation>
    </message>
    <message>
        <source>Write-protect the item id</source>
        <translation>锁定馆藏条码（写保护）</translation>
    </message>
    <message>
        <source>Write a content parameter</source>
        <translation>写入内容参数</translation>
    </message>
    <message>
        <source>Use the AFI byte</source>
        <translation>使用 AFI 字节</translation>
    </message>
    <message>
        <source>AFI in the library (hex)</source>
        <translation>在馆 AFI（十六进制）</translation>
    </message>
    <message>
        <source>AFI on loan (hex)</source>
        <translation>借出 AFI（十六进制）</translation>
    </message>
    <message>
        <source>Use the EAS bit</source>
        <translation>使用 EAS 位</translation>
    </message>
    <message>
        <source>Longest wait for a tag write</source>
        <translation>写标签最长等待</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全位</translation>
    </message>
    <message>
        <source>Item id (barcode)</source>
        <translation>馆藏条码</translation>
    </message>
    <message>
        <source>Owner institution (ISIL)</source>
        <translation>所属机构（ISIL）</translation>
    </message>
    <message>
        <source>Set (part / of how many)</source>
        <translation>套件（第几册/共几册）</translation>
    </message>
    <message>
        <source>Shelf location</source>
        <translation>排架位置</translation>
    </message>
    <message>
        <source>Leave as it is</source>
        <translation>保持不变</translation>
    </message>
    <message>
        <source>Secured (in the library)</source>
        <translation>防盗（在馆）</translation>
    </message>
    <message>
        <source>Not secured (on loan)</source>
        <translation>不防盗（借出）</translation>
    </message>
    <message>
        <source>ISO 28560-2 (GB/T 35660.2)</source>
        <translation>ISO 28560-2（GB/T 35660.2）</translation>
    </message>
    <message>
        <source>ISO 28560-3 (Danish)</source>
        <translation>ISO 28560-3（丹麦模型）</translation>
    </message>
    <message>
        <source>Written and read back: the tag now holds what is shown.</source>
        <translation>已写入并回读核对：标签现在保存的就是显示的内容。</translation>
    </message>
    <message>
        <source>The tag already holds exactly this: nothing was written.</source>
        <translation>标签里已经是这些内容：没有写入。</translation>
    </message>
    <message>
        <source>That PIN is not right. Nothing was written.</source>
        <translation>PIN 不正确。没有写入任何内容。</translation>
    </message>
    <message>
        <source>Too many wrong PINs: writing is locked for a while. Nothing was written.</source>
        <translation>PIN 错误次数过多：写标签暂时锁定。没有写入任何内容。</translation>
    </message>
    <message>
        <source>No technician PIN is configured. Nothing was written.</source>
        <translation>未设置技术员 PIN。没有写入任何内容。</translation>
    </message>
    <message>
        <source>The book pad is not open (see the Devices page). Nothing was written.</source>
        <translation>感应区未打开（见“设备”页）。没有写入任何内容。</translation>
    </message>
    <message>
        <source>That tag is no longer on the pad. Put it back and write again.</source>
        <translation>该标签已不在感应区上。请放回后重新写入。</translation>
    </message>
    <message>
        <source>This cannot be written on the tag: {detail}. Nothing was written.</source>
        <translation>无法写入该标签：{detail}。没有写入任何内容。</translation>
    </message>
    <message>
        <source>The tag left the pad before the write was finished: it may hold half of it. Put it back, keep it still and write again.</source>
        <translation>写入完成前标签离开了感应区：标签里可能只写了一半。请放回、保持不动，然后重新写入。</translation>
    </message>
    <message>
        <source>Written, but the tag does not read back what was written: write again, or use another tag.</source>
        <translation>已写入，但回读的内容与写入的不一致：请重新写入，或换一个标签。</translation>
    </message>
    <message>
        <source>The tag refused: part of it is write-protected. Change only what is not locked, or use a new tag.</source>
        <translation>标签拒绝写入：部分数据块已写保护。只修改未锁定的内容，或换一个新标签。</translation>
    </message>
    <message>
        <source>The reader or the tag refused the write ({detail}). Try again.</source>
        <translation>读写器或标签拒绝写入（{detail}）。请重试。</translation>
    </message>
    <message>
        <source>The reader did not answer in time. Check the pad on the Devices page.</source>
        <translation>读写器未及时应答。请在“设备”页检查感应区。</translation>
    </message>
    <message>
        <source>The link to the reader was lost during the write. Write again.</source>
        <translation>写入过程中与读写器的连接断开。请重新写入。</translation>
    </message>
    <message>
        <source>Written and read back, but the item id could not be write-protected ({detail}).</source>
        <translation>已写入并回读核对，但馆藏条码未能写保护（{detail}）。</translation>
    </message>
    <message>
        <source>Blank tag (no data yet)</source>
        <translation>空白标签（尚无数据）</translation>
    </message>
    <message>
        <source>EAS not read</source>
        <translation>EAS 未读取</translation>
    </message>
    <message>
        <source>EAS on</source>
        <translation>EAS 开</translation>
    </message>
    <message>
        <source>EAS off</source>
        <translation>EAS 关</translation>
    </message>
    <message>
        <source>secured: in the library</source>
        <translation>已防盗：在馆</translation>
    </message>
    <message>
        <source>not secured: on loan</source>
        <translation>未防盗：借出</translation>
    </message>
    <message>
        <source>neither in the library nor on loan by these settings</source>
        <translation>按当前设置既非在馆也非借出</translation>
    </message>
    <message>
        <source>Write…</source>
        <translation>写入…</translation>
    </message>
    <message>
        <source>Owner {owner}</source>
        <translation>所属 {owner}</translation>
    </message>
    <message>
        <source>Set {set}</source>
        <translation>套件 {set}</translation>
    </message>
    <message>
        <source>Shelf {shelf}</source>
        <translation>排架 {shelf}</translation>
    </message>
    <message>
        <source>Cannot be read (not a library tag)</source>
        <translation>无法读取（不是图书馆标签）</translation>
    </message>
    <message>
        <source>Write it to give it this library&apos;s data.</source>
        <translation>写入后即带有本馆数据。</translation>
    </message>
    <message>
        <source>Its data is not a library data model: write it anew.</source>
        <translation>其数据不符合图书馆数据模型：请重新写入。</translation>
    </message>
    <message>
        <source>Tags on the pad</source>
        <translation>感应区上的标签</translation>
    </message>
    <message>
        <source>Write a tag</source>
        <translation>写标签</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>blank</source>
        <translation>空白</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Put the tag on the pad first, then pick it here.</source>
        <translation>请先把标签放到感应区上，再在这里选择。</translation>
    </message>
    <message>
        <source>Write tag {uid}:</source>
        <translation>写入标签 {uid}：</translation>
    </message>
    <message>
        <source>Security: {state}</source>
        <translation>防盗：{state}</translation>
    </message>
    <message>
        <source>Enter the technician PIN, then OK, to write.</source>
        <translation>输入技术员 PIN，再点“确定”即写入。</translation>
    </message>
    <message>
        <source>Note: {owner} is not one of the network&apos;s libraries; kiosks here will refuse this book.</source>
        <translation>注意：{owner} 不在网络内的图书馆中；本地的自助机会拒收这本书。</translation>
    </message>
    <message>
        <source>Writing… keep the tag still on the pad.</source>
        <translation>正在写入… 请让标签在感应区上保持不动。</translation>
    </message>
    <message>
        <source>That did not work: {error}</source>
        <translation>操作未成功：{error}</translation>
    </message>
    <message>
        <source>Blocks {first}–{last} are now write-protected.</source>
        <translation>数据块 {first}–{last} 现已写保护。</translation>
    </message>
    <message>
        <source>two hex digits, 00 to FF (in the library 07, on loan C2 by default)</source>
        <translation>两位十六进制数，00 到 FF（默认在馆 07，借出 C2）</translation>
    </message>
    <message>
        <source>Writing the configuration file…</source>
        <translation>正在写入配置文件…</translation>
    </message>
    <message>
        <source>Saved in {file}; the previous file is kept as {backup}. The pad reads and secures books with these settings from now on.</source>
        <translation>已保存到 {file}；原文件保留为 {backup}。感应区从现在起按这些设置读取图书并设置防盗。</translation>
    </message>
    <message>
        <source>This kiosk was started without a config file: there is nothing to save to.</source>
        <translation>本机启动时没有使用配置文件：无处保存。</translation>
    </message>
    <message>
        <source>Not saved, because:</source>
        <translation>未保存，原因：</translation>
    </message>
    <message>
        <source>Every tag in the pad&apos;s field, read as it arrives. Tags hold no patron data. Write… programs or repairs one.</source>
        <translation>感应区内的每个标签，放上即读取。标签里没有读者数据。“写入…”可为标签写数据或修复。</translation>
    </message>
    <message>
        <source>No tag on the pad. Put a book on it.</source>
        <translation>感应区上没有标签。请放一本书上去。</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Put the tag on the pad</source>
        <translation>请把标签放到感应区上</translation>
    </message>
    <message>
        <source>Set: this part and how many the set has, e.g. 1/1 or 2/3. A field left empty stays as it is on the tag. Only the blocks that change are written, each read back; write-protected blocks are never touched.</source>
        <translation>套件：本册是第几册、共几册，例如 1/1 或 2/3。留空的项保持标签上原有内容。只写入有变化的数据块并逐一回读核对；写保护的数据块不会被改动。</translation>
    </message>
    <message>
        <source>Security (AFI, EAS)</source>
        <translation>防盗（AFI、EAS）</translation>
    </message>
    <message>
        <source>Write tag…</source>
        <translation>写入标签…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The reader&apos;s port and timing are on the Devices page (Book pad).</source>
        <translation>读写器的端口和时间参数在“设备”页（感应区）。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>撤销修改</translation>
    </message>
</context>
<context>
    <name>SessionScreen</name>
    <message>
        <source>Put your books on the pad, several at once if you like.</source>
        <translation>请把书放在感应区上，可以一次放好几本。</translation>
    </message>
    <message>
        <source>Put your books on the pad, or scan the label inside each book&apos;s cover.</source>
        <translation>请把书放在感应区上，或逐本扫描封面内侧的图书馆条码。</translation>
    </message>
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
        <source>Return it</source>
        <translation>还这本书</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>To return books, press Finish.</source>
        <translation>如要还书，请按“完成”。</translation>
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
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>不要凭条</translation>
    </message>
    <message>
        <source>Scan to keep this list on your phone</source>
        <translation>扫码把清单存到手机</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>打印凭条</translation>
    </message>
    <message>
        <source>Receipts unavailable</source>
        <translation>暂不能打印凭条</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Your receipt is printed. Please take it.</source>
        <translation>凭条已打印，请取走。</translation>
    </message>
    <message>
        <source>The printer is out of paper.</source>
        <translation>打印机缺纸。</translation>
    </message>
    <message>
        <source>The receipt could not be printed.</source>
        <translation>凭条未能打印。</translation>
    </message>
    <message>
        <source>Your loans are in My account, or scan the QR code.</source>
        <translation>借阅记录可在“我的账户”中查看，或扫描二维码。</translation>
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
    <message>
        <source>Not renewed: {titles}. Please return them by their due dates.</source>
        <translation>未能续借：{titles}。请在到期日前归还。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>This screen closes in {seconds} s.</source>
        <translation>本页面 {seconds} 秒后关闭。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Waiting to sync</source>
        <translation>待同步</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <source>Heartbeat to the staff console: off.</source>
        <translation>发往管理后台的心跳：已关闭。</translation>
    </message>
    <message>
        <source>Heartbeat to the staff console: sent {age} ago.</source>
        <translation>发往管理后台的心跳：{age}前已送达。</translation>
    </message>
    <message>
        <source>Heartbeat to the staff console: starting.</source>
        <translation>发往管理后台的心跳：正在启动。</translation>
    </message>
    <message>
        <source>Heartbeat to the staff console: not delivered ({error}); last sent: {age}. Trying again.</source>
        <translation>发往管理后台的心跳：未送达（{error}）；上次送达：{age}。正在重试。</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>{age} ago</source>
        <translation>{age}前</translation>
    </message>
    <message>
        <source> · done offline</source>
        <translation> · 离线办理</translation>
    </message>
    <message>
        <source>The library system dated it when it was sent, not when it happened (it ignores the original date of an offline act).</source>
        <translation>图书馆系统按补传的时间记录了这笔业务，而不是实际发生的时间（它不接受离线业务的原始日期）。</translation>
    </message>
    <message>
        <source>Service&apos;s reason: {reason}</source>
        <translation>服务给出的原因：{reason}</translation>
    </message>
    <message>
        <source>Oldest act waiting to sync: {age}</source>
        <translation>最早的待同步记录：{age}</translation>
    </message>
    <message>
        <source>Last try: {error}</source>
        <translation>上次尝试：{error}</translation>
    </message>
    <message>
        <source>The journal cannot be read: {error}</source>
        <translation>无法读取日志库：{error}</translation>
    </message>
    <message>
        <source>Sending the waiting acts now…</source>
        <translation>正在立即发送待同步记录…</translation>
    </message>
    <message>
        <source>Writing the CSV file…</source>
        <translation>正在写入 CSV 文件…</translation>
    </message>
    <message>
        <source>Exported to {file} (patron data masked).</source>
        <translation>已导出到 {file}（读者信息已遮盖）。</translation>
    </message>
    <message>
        <source>Export failed: {error}</source>
        <translation>导出失败：{error}</translation>
    </message>
    <message>
        <source>Conflicts and rejections</source>
        <translation>冲突与被拒绝的记录</translation>
    </message>
    <message>
        <source>None. Acts the service refuses or questions are listed here.</source>
        <translation>暂无。服务拒绝或存疑的记录会列在这里。</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <source>Export CSV to:</source>
        <translation>导出 CSV 到：</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
</context>
<context>
    <name>TechnicianFields</name>
    <message>
        <source>Open at start-up</source>
        <translation>启动时打开</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Find by USB id (VID:PID)</source>
        <translation>按 USB 标识查找（VID:PID）</translation>
    </message>
    <message>
        <source>USB serial number</source>
        <translation>USB 序列号</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <source>Parity (8 data bits, 1 stop bit)</source>
        <translation>校验位（8 数据位，1 停止位）</translation>
    </message>
    <message>
        <source>First reopen wait</source>
        <translation>首次重连等待</translation>
    </message>
    <message>
        <source>Longest reopen wait</source>
        <translation>最长重连等待</translation>
    </message>
    <message>
        <source>Card poll interval</source>
        <translation>寻卡间隔</translation>
    </message>
    <message>
        <source>Reply timeout</source>
        <translation>应答超时</translation>
    </message>
    <message>
        <source>Unanswered polls before &apos;silent&apos;</source>
        <translation>判定“无应答”前的未应答次数</translation>
    </message>
    <message>
        <source>&apos;No card&apos; answers before a new tap</source>
        <translation>算作新刷卡前的“无卡”应答次数</translation>
    </message>
    <message>
        <source>End of a code (terminator)</source>
        <translation>条码结束符</translation>
    </message>
    <message>
        <source>Idle gap (with terminator &apos;idle&apos;)</source>
        <translation>空闲间隔（结束符为 idle 时）</translation>
    </message>
    <message>
        <source>Longest code</source>
        <translation>最长条码</translation>
    </message>
    <message>
        <source>Shortest code</source>
        <translation>最短条码</translation>
    </message>
    <message>
        <source>AIM identifier</source>
        <translation>AIM 标识符</translation>
    </message>
    <message>
        <source>Strip Codabar start/stop (A–D)</source>
        <translation>去掉 Codabar 起止符（A–D）</translation>
    </message>
    <message>
        <source>Same code again counts once within</source>
        <translation>此时间内重复的条码只算一次</translation>
    </message>
    <message>
        <source>Credential kind</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>Card number format</source>
        <translation>卡号格式</translation>
    </message>
    <message>
        <source>Pad with zeros to (0: no)</source>
        <translation>前补零到（0：不补）</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Library card</source>
        <translation>借书证</translation>
    </message>
    <message>
        <source>Social-security card</source>
        <translation>社保卡</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>{value} ms</source>
        <translation>{value} 毫秒</translation>
    </message>
    <message>
        <source>{value} characters</source>
        <translation>{value} 个字符</translation>
    </message>
</context>
<context>
    <name>TechnicianPin</name>
    <message>
        <source>Technician mode</source>
        <translation>维护模式</translation>
    </message>
    <message>
        <source>For library staff and service technicians. Enter the technician PIN, then OK. If you came here by mistake, tap Back.</source>
        <translation>仅供图书馆工作人员和维修技术人员使用。请输入维护密码，然后点“确定”。如果误入此页，请点“返回”。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
    <message>
        <source>That PIN is not right. {n} more wrong PIN(s) lock this entry.</source>
        <translation>密码不正确。再错 {n} 次，此入口将被锁定。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Technician mode is locked for {time} more.</source>
        <translation>密码错误次数过多。维护模式已锁定，还需 {time}。</translation>
    </message>
    <message>
        <source>Technician mode is not set up on this kiosk: no PIN is configured. Set one with &apos;kiosk config set-pin&apos;.</source>
        <translation>本机未设置维护模式：没有配置维护密码。请用“kiosk config set-pin”设置。</translation>
    </message>
</context>
<context>
    <name>TechnicianScreen</name>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>图书馆系统</translation>
    </message>
    <message>
        <source>RFID</source>
        <translation>RFID 标签</translation>
    </message>
    <message>
        <source>Sync queue</source>
        <translation>同步队列</translation>
    </message>
    <message>
        <source>Kiosk info</source>
        <translation>本机信息</translation>
    </message>
    <message>
        <source>Technician mode</source>
        <translation>维护模式</translation>
    </message>
    <message>
        <source>Back to patron mode</source>
        <translation>返回读者界面</translation>
    </message>
</context>
<context>
    <name>TimeoutScreen</name>
    <message>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <source>I need more time</source>
        <translation>我需要更多时间</translation>
    </message>
    <message>
        <source>Finish now</source>
        <translation>现在结束</translation>
    </message>
    <message>
        <source>To protect your privacy, this session ends in {seconds} s.</source>
        <translation>为保护您的隐私，本次服务将在 {seconds} 秒后结束。</translation>
    </message>
</context>
<context>
    <name>TouchKeyboard</name>
    <message>
        <source>Space</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>Window</name>
    <message>
        <source>Some services unavailable</source>
        <translation>部分服务暂不可用</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>可以使用</translation>
    </message>
    <message>
        <source>Shared Reading Pass</source>
        <translation>川渝阅读一卡通</translation>
    </message>
    <message>
        <source>Accessibility</source>
        <translation>无障碍</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>再说一遍</translation>
    </message>
    <message>
        <source>An ID card is still on the reader. Please take it with you now.</source>
        <translation>读卡器上还有一张身份证，请现在把它带走。</translation>
    </message>
</context>
</TS>
