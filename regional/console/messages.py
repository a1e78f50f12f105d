"""Every word the console shows, in Chinese and English (a test checks both are complete)."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    ZH = "zh"
    EN = "en"


DEFAULT_LANGUAGE = Language.ZH

# What happened and what to do, per code the service records on an act (exceptions, and the
# refusal of an offline act). "{x}" fields are filled from the act.
_CASES_EN: dict[str, tuple[str, str]] = {
    "stale_offline_act": (
        "The kiosk was offline for longer than the library's offline window; the act was dated "
        "at the window's edge.",
        "Check the kiosk's clock and connection. Confirm if the act is right; reverse it if it "
        "should not count.",
    ),
    "offline_limit_exceeded": (
        "Offline, the patron took more books than the offline limit allows. The book left the "
        "kiosk, but no loan was recorded for it.",
        "Contact the patron: lend the book at the desk or ask for it back, then close this with "
        "a note.",
    ),
    "offline_loan_taken_over": (
        "Offline, the patron borrowed a copy the service has on loan to another patron. That "
        "loan stays open; none was recorded for this patron.",
        "Find the copy. If this patron has it, return it for the other patron and lend it to "
        "this one at the desk; then confirm.",
    ),
    "offline_borrow_before_newer_loan": (
        "An offline borrow arrived late: the copy was lent to another patron after it. Nothing "
        "was recorded for this patron.",
        "Find out who has the copy now; correct the loans at the desk, then close with a note.",
    ),
    "return_after_loan_replaced": (
        "A return arrived late: the copy had been lent again since, so the newer loan was left "
        "open.",
        "Check the shelf for the copy. If it is there, return it at the desk; then confirm.",
    ),
    "not_on_loan": (
        "A book was returned offline that was not on loan.",
        "Shelve it or send it where the routing says; confirm.",
    ),
    "already_borrowed_by_you": (
        "Offline, the patron borrowed a book they already had on loan.",
        "Nothing changed; confirm.",
    ),
    "patron_blocked": (
        "Offline, a blocked patron (fines or a manual block) borrowed or renewed. The loan was "
        "recorded.",
        "Contact the patron about the block; confirm, or reverse to take the loan back.",
    ),
    "credential_expired": (
        "Offline, a patron borrowed with an expired ID card. The loan was recorded.",
        "Ask the patron to renew the card; confirm.",
    ),
    "item_not_loanable": (
        "Offline, a book for use in the library only (or lost) was lent. The loan was recorded.",
        "Ask for the book back; reverse the loan when it is back, or confirm.",
    ),
    "item_on_hold_for_other": (
        "Offline, a book another reader waits for was lent. The loan was recorded.",
        "Tell the waiting reader, or ask for the book back; confirm.",
    ),
    "loan_limit_reached": (
        "Offline, the patron went over their loan limit. The loan was recorded.",
        "Confirm, or contact the patron.",
    ),
    "offline_credential_not_accepted": (
        "Offline, a card other than a chip-read ID card named the patron. Nothing was recorded.",
        "Find out who took the book and lend it at the desk, or ask for it back; close with a "
        "note.",
    ),
    "not_reversed": (
        "The kiosk voided an act, but part of it could not be undone (a later act stands).",
        "Check the loan and the copy at the desk; close with a note.",
    ),
    "patron_not_found": (
        "An offline act named a card no patron holds. The service could not record it, but the "
        "book may have left.",
        "Find the copy; register the patron at the desk and lend it, or ask for it back.",
    ),
    "item_not_found": (
        "An offline act named a barcode the network does not know. Nothing was recorded.",
        "Check the book's label; catalogue it, then close with a note.",
    ),
    "renew_limit_reached": (
        "An offline renewal went past the renewal limit.",
        "Confirm, or contact the patron.",
    ),
    "renew_blocked_by_hold": (
        "Offline, a book was renewed that another reader waits for.",
        "Tell the waiting reader, or ask for the book back; confirm.",
    ),
}
_CASES_ZH: dict[str, tuple[str, str]] = {
    "stale_offline_act": (
        "自助机离线时间超过本馆离线时限，该操作按时限边界记录时间。",
        "检查自助机的时钟和网络。操作无误则确认；不应计入则撤销。",
    ),
    "offline_limit_exceeded": (
        "离线时读者借书超过离线限额。书已离开自助机，但未记录借阅。",
        "联系读者：在服务台为其办理借阅或请其归还，然后填写备注结案。",
    ),
    "offline_loan_taken_over": (
        "离线时读者借了一本系统记为他人在借的书。原借阅保持不变，未为该读者记录借阅。",
        "找到这本书。若在该读者手中，先为原读者还书，再在服务台为该读者借出；然后确认。",
    ),
    "offline_borrow_before_newer_loan": (
        "离线借书记录迟到：此后这本书已借给另一位读者。未为该读者记录借阅。",
        "查明书现在何人手中；在服务台更正借阅，然后填写备注结案。",
    ),
    "return_after_loan_replaced": (
        "还书记录迟到：这本书此后已被再次借出，因此较新的借阅仍保持未还。",
        "在书架上查找这本书。若在架上，请在服务台还书；然后确认。",
    ),
    "not_on_loan": (
        "离线归还了一本并未借出的书。",
        "按分拣提示上架或转送；然后确认。",
    ),
    "already_borrowed_by_you": (
        "离线时读者借了一本自己已在借的书。",
        "没有改变任何记录；确认即可。",
    ),
    "patron_blocked": (
        "离线时被限制借阅（欠款或人工限制）的读者借书或续借，借阅已记录。",
        "就限制事项联系读者；确认，或撤销以收回借阅。",
    ),
    "credential_expired": (
        "离线时读者用已过期的身份证借书，借阅已记录。",
        "请读者更换证件；然后确认。",
    ),
    "item_not_loanable": (
        "离线时借出了仅限馆内阅览（或已丢失）的书，借阅已记录。",
        "请读者归还；书回来后撤销借阅，或确认。",
    ),
    "item_on_hold_for_other": (
        "离线时借出了另一位读者预约的书，借阅已记录。",
        "通知预约读者，或请借书读者归还；然后确认。",
    ),
    "loan_limit_reached": (
        "离线时读者借书超过借阅上限，借阅已记录。",
        "确认，或联系读者。",
    ),
    "offline_credential_not_accepted": (
        "离线时使用了非芯片读取的身份证识别读者，未记录任何操作。",
        "查明取书人并在服务台办理借阅，或请其归还；填写备注结案。",
    ),
    "not_reversed": (
        "自助机撤销了一次操作，但部分内容因后续操作无法还原。",
        "在服务台核对借阅和图书；填写备注结案。",
    ),
    "patron_not_found": (
        "离线操作使用的卡不属于任何读者。系统无法记录，但书可能已被带走。",
        "找到这本书；在服务台为读者登记并借出，或请其归还。",
    ),
    "item_not_found": (
        "离线操作的条码不在本馆联盟的目录中，未记录任何操作。",
        "核对书上的标签；编目后填写备注结案。",
    ),
    "renew_limit_reached": (
        "离线续借超过了续借次数上限。",
        "确认，或联系读者。",
    ),
    "renew_blocked_by_hold": (
        "离线时续借了另一位读者预约的书。",
        "通知预约读者，或请读者归还；然后确认。",
    ),
}
_FALLBACK = {
    Language.EN: ("The service recorded this act for staff to check.", "Check it; confirm."),
    Language.ZH: ("系统记录了此操作，需要工作人员核查。", "核查后确认。"),
}

MESSAGES: dict[Language, dict[str, str]] = {
    Language.EN: {
        "app.title": "Staff console",
        "app.network": "Sichuan–Chongqing shared reading network",
        "nav.fleet": "Fleet",
        "nav.statistics": "Statistics",
        "nav.exceptions": "Exceptions desk",
        "nav.signout": "Sign out",
        "nav.language": "中文",
        "role.operator": "network operator",
        "role.library": "staff of {library}",
        "login.title": "Sign in",
        "login.username": "User name",
        "login.password": "Password",
        "login.submit": "Sign in",
        "login.wrong": "The user name or the password is wrong.",
        "login.throttled": "Too many failed sign-ins. Try again in {minutes} minutes.",
        "login.expired": "The sign-in form had expired; please try again.",
        "csrf.refused": "This form had expired or did not come from the console. Reload the page "
        "and try again.",
        "common.library": "Library",
        "common.all_libraries": "All libraries",
        "common.kiosk": "Kiosk",
        "common.filter": "Show",
        "common.none": "Nothing to show.",
        "common.back": "Back",
        "exc.title": "Exceptions desk",
        "exc.intro": "Offline acts the service recorded with exceptions, and conflicts, for "
        "staff to follow up.",
        "exc.state.open": "Open",
        "exc.state.resolved": "Resolved",
        "exc.state.all": "All",
        "exc.when": "When",
        "exc.act": "Act",
        "exc.book": "Book",
        "exc.patron": "Patron",
        "exc.what": "What happened",
        "exc.todo": "What to do",
        "exc.status": "Status",
        "exc.open": "open",
        "exc.resolved_by": "{action} by {who}, {when}",
        "exc.details": "Details",
        "exc.received": "Received",
        "exc.occurred": "Happened",
        "exc.offline": "offline",
        "exc.online": "online",
        "exc.txn": "Transaction",
        "exc.service_said": "The service's words",
        "exc.resolve": "Resolve",
        "exc.note": "Note",
        "exc.note_hint": "What you did or found (required for “Close with note”)",
        "exc.action.confirm": "Confirm",
        "exc.action.reverse": "Reverse",
        "exc.action.note": "Close with note",
        "exc.done.confirm": "confirmed",
        "exc.done.reverse": "reversed",
        "exc.done.note": "closed with a note",
        "exc.reverse_hint": "Reverse undoes what the act recorded (as a void by its kiosk).",
        "exc.not_reversible_hint": "This act changed nothing in the service: there is nothing "
        "to reverse.",
        "exc.result.done": "Recorded.",
        "exc.result.already": "Someone else has resolved this act already.",
        "exc.result.not_found": "No such act on the desk.",
        "exc.result.not_reversible": "It cannot be reversed: {detail}",
        "exc.result.note_required": "Write a note to close with a note.",
        "exc.kind.borrow": "Borrow",
        "exc.kind.return": "Return",
        "exc.kind.renew": "Renewal",
        "exc.kind.none": "Void",
        "exc.status.accepted": "recorded",
        "exc.status.rejected": "refused",
        "exc.status.voided": "voided",
        "fleet.title": "Fleet",
        "fleet.intro": "Every kiosk, by what it last reported. A kiosk silent for more than "
        "{minutes} minutes is offline and shown in red.",
        "fleet.state.ok": "OK",
        "fleet.state.degraded": "Degraded",
        "fleet.state.offline": "Offline",
        "fleet.state.out_of_service": "Out of service",
        "fleet.state": "State",
        "fleet.heard": "Last heartbeat",
        "fleet.never": "never",
        "fleet.ago": "{time} ago",
        "fleet.devices": "Devices",
        "fleet.paper": "Receipt paper",
        "fleet.pending": "Pending acts",
        "fleet.oldest": "oldest {time}",
        "fleet.version": "Version",
        "fleet.summary": "{total} kiosks: {ok} OK, {degraded} degraded, {offline} offline, "
        "{out} out of service",
        "device.connected": "connected",
        "device.disconnected": "disconnected",
        "device.error": "fault",
        "device_role.printer": "printer",
        "device_role.id_card_reader": "ID reader",
        "device_role.scanner": "scanner",
        "device_role.rfid_reader": "RFID pad",
        "device_role.card_reader": "card reader",
        "device_reason.port_missing": "unplugged or not found",
        "device_reason.port_busy": "port held by another program",
        "device_reason.open_failed": "port would not open",
        "device_reason.link_lost": "cable pulled while in use",
        "device_reason.driver_error": "sent what the kiosk cannot read",
        "device_reason.sam_fault": "security module fault",
        "device_reason.reader_silent": "stopped answering",
        "device_reason.closed": "closed by the kiosk",
        "device_reason.paper_near_end": "paper near end",
        "device_reason.paper_out": "out of paper",
        "device_reason.cover_open": "cover open",
        "device_reason.printer_fault": "printer fault",
        "out_of_service.journal_unavailable": "its journal cannot be written (disk)",
        "paper.ok": "OK",
        "paper.near_end": "near end",
        "paper.out": "out",
        "paper.cover_open": "cover open",
        "paper.none": "no printer",
        "dur.s": "{n} s",
        "dur.min": "{n} min",
        "dur.h": "{n} h",
        "dur.d": "{n} d",
        "stats.title": "Statistics",
        "stats.intro": "Acts counted by the kiosks from their journals, hour by hour.",
        "stats.span.day": "Last 24 hours",
        "stats.span.week": "Last 7 days",
        "stats.span.month": "Last 30 days",
        "stats.per_hour": "Acts per hour",
        "stats.per_day": "Acts per day",
        "stats.by_kiosk": "By library and kiosk",
        "stats.refusals": "Refusals by reason",
        "stats.cross": "Returns to another library than the owner",
        "stats.owner": "Owning library",
        "stats.returned_at": "Returned at",
        "stats.count": "Count",
        "stats.total": "Total",
        "stats.kind.borrow": "Borrows",
        "stats.kind.return": "Returns",
        "stats.kind.renew": "Renewals",
        "stats.csv": "Export CSV",
        "stats.kiosk_hint": "kiosk id",
        "reason.loan_limit_reached": "loan limit reached",
        "reason.patron_blocked": "patron blocked",
        "reason.item_on_hold_for_other": "held for another reader",
        "reason.renew_limit_reached": "no renewals left",
        "reason.renew_blocked_by_hold": "another reader waits",
        "reason.item_not_loanable": "not for loan",
        "reason.item_on_loan_to_other": "on loan to another patron",
        "reason.already_borrowed_by_you": "already borrowed",
        "reason.credential_expired": "card expired",
        "reason.item_not_found": "unknown barcode",
        "reason.not_on_loan": "not on loan",
        "reason.patron_not_found": "unknown card",
    },
    Language.ZH: {
        "app.title": "馆员控制台",
        "app.network": "川渝阅读一卡通",
        "nav.fleet": "设备状态",
        "nav.statistics": "统计",
        "nav.exceptions": "异常处理",
        "nav.signout": "退出登录",
        "nav.language": "English",
        "role.operator": "网络运维",
        "role.library": "{library} 馆员",
        "login.title": "登录",
        "login.username": "用户名",
        "login.password": "密码",
        "login.submit": "登录",
        "login.wrong": "用户名或密码错误。",
        "login.throttled": "登录失败次数过多，请 {minutes} 分钟后再试。",
        "login.expired": "登录表单已过期，请重试。",
        "csrf.refused": "此表单已过期或并非来自控制台。请刷新页面后重试。",
        "common.library": "图书馆",
        "common.all_libraries": "全部图书馆",
        "common.kiosk": "自助机",
        "common.filter": "显示",
        "common.none": "暂无内容。",
        "common.back": "返回",
        "exc.title": "异常处理",
        "exc.intro": "系统记录为异常的离线操作及冲突，需由工作人员跟进。",
        "exc.state.open": "待处理",
        "exc.state.resolved": "已处理",
        "exc.state.all": "全部",
        "exc.when": "时间",
        "exc.act": "操作",
        "exc.book": "图书",
        "exc.patron": "读者",
        "exc.what": "发生了什么",
        "exc.todo": "如何处理",
        "exc.status": "状态",
        "exc.open": "待处理",
        "exc.resolved_by": "{who} 于 {when} {action}",
        "exc.details": "详情",
        "exc.received": "接收时间",
        "exc.occurred": "发生时间",
        "exc.offline": "离线",
        "exc.online": "在线",
        "exc.txn": "交易号",
        "exc.service_said": "系统原文",
        "exc.resolve": "处理",
        "exc.note": "备注",
        "exc.note_hint": "您做了什么或发现了什么（“备注结案”时必填）",
        "exc.action.confirm": "确认",
        "exc.action.reverse": "撤销",
        "exc.action.note": "备注结案",
        "exc.done.confirm": "已确认",
        "exc.done.reverse": "已撤销",
        "exc.done.note": "已备注结案",
        "exc.reverse_hint": "撤销会还原该操作记录的结果（如同自助机自行撤销）。",
        "exc.not_reversible_hint": "此操作未改变系统中的任何记录，无需撤销。",
        "exc.result.done": "已记录。",
        "exc.result.already": "其他工作人员已处理了此操作。",
        "exc.result.not_found": "异常处理中没有此操作。",
        "exc.result.not_reversible": "无法撤销：{detail}",
        "exc.result.note_required": "备注结案需要填写备注。",
        "exc.kind.borrow": "借书",
        "exc.kind.return": "还书",
        "exc.kind.renew": "续借",
        "exc.kind.none": "撤销",
        "exc.status.accepted": "已记录",
        "exc.status.rejected": "已拒绝",
        "exc.status.voided": "已撤销",
        "fleet.title": "设备状态",
        "fleet.intro": "所有自助机，按其最近一次上报显示。"
        "超过 {minutes} 分钟未上报的自助机视为离线，以红色显示。",
        "fleet.state.ok": "正常",
        "fleet.state.degraded": "部分故障",
        "fleet.state.offline": "离线",
        "fleet.state.out_of_service": "暂停服务",
        "fleet.state": "状态",
        "fleet.heard": "最近心跳",
        "fleet.never": "从未上报",
        "fleet.ago": "{time}前",
        "fleet.devices": "设备",
        "fleet.paper": "凭条纸",
        "fleet.pending": "待同步操作",
        "fleet.oldest": "最早 {time}",
        "fleet.version": "版本",
        "fleet.summary": "共 {total} 台：正常 {ok}，部分故障 {degraded}，"
        "离线 {offline}，暂停服务 {out}",
        "device.connected": "已连接",
        "device.disconnected": "未连接",
        "device.error": "故障",
        "device_role.printer": "打印机",
        "device_role.id_card_reader": "身份证阅读器",
        "device_role.scanner": "扫码器",
        "device_role.rfid_reader": "RFID 感应区",
        "device_role.card_reader": "读卡器",
        "device_reason.port_missing": "未插好或找不到",
        "device_reason.port_busy": "端口被其他程序占用",
        "device_reason.open_failed": "端口无法打开",
        "device_reason.link_lost": "使用中连接断开",
        "device_reason.driver_error": "设备发送的数据无法识别",
        "device_reason.sam_fault": "安全模块故障",
        "device_reason.reader_silent": "设备无响应",
        "device_reason.closed": "已由本机关闭",
        "device_reason.paper_near_end": "纸将用完",
        "device_reason.paper_out": "缺纸",
        "device_reason.cover_open": "纸仓盖打开",
        "device_reason.printer_fault": "打印机故障",
        "out_of_service.journal_unavailable": "本机记录无法写入（磁盘）",
        "paper.ok": "正常",
        "paper.near_end": "即将用完",
        "paper.out": "缺纸",
        "paper.cover_open": "纸仓盖打开",
        "paper.none": "无打印机",
        "dur.s": "{n} 秒",
        "dur.min": "{n} 分钟",
        "dur.h": "{n} 小时",
        "dur.d": "{n} 天",
        "stats.title": "统计",
        "stats.intro": "各自助机根据其日志逐小时统计的操作次数。",
        "stats.span.day": "最近 24 小时",
        "stats.span.week": "最近 7 天",
        "stats.span.month": "最近 30 天",
        "stats.per_hour": "每小时操作数",
        "stats.per_day": "每日操作数",
        "stats.by_kiosk": "按图书馆和自助机",
        "stats.refusals": "拒绝原因",
        "stats.cross": "异馆还书（归还馆不同于所属馆）",
        "stats.owner": "所属馆",
        "stats.returned_at": "归还馆",
        "stats.count": "次数",
        "stats.total": "合计",
        "stats.kind.borrow": "借书",
        "stats.kind.return": "还书",
        "stats.kind.renew": "续借",
        "stats.csv": "导出 CSV",
        "stats.kiosk_hint": "自助机编号",
        "reason.loan_limit_reached": "已达借阅上限",
        "reason.patron_blocked": "读者被限制借阅",
        "reason.item_on_hold_for_other": "他人已预约",
        "reason.renew_limit_reached": "续借次数已满",
        "reason.renew_blocked_by_hold": "有读者预约，不能续借",
        "reason.item_not_loanable": "不外借",
        "reason.item_on_loan_to_other": "他人在借",
        "reason.already_borrowed_by_you": "已借过此书",
        "reason.credential_expired": "证件过期",
        "reason.item_not_found": "条码未知",
        "reason.not_on_loan": "未借出",
        "reason.patron_not_found": "卡未登记",
    },
}
CASES: dict[Language, dict[str, tuple[str, str]]] = {Language.EN: _CASES_EN, Language.ZH: _CASES_ZH}


def translate(language: Language, key: str, **fields: object) -> str:
    text = MESSAGES[language][key]
    return text.format(**fields) if fields else text


def case_words(language: Language, code: str) -> tuple[str, str]:
    """What happened and what to do, for an act filed under ``code``."""
    return CASES[language].get(code, _FALLBACK[language])


def duration(language: Language, seconds: float) -> str:
    """A rough age for a person: "3 min", "2 h"."""
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return translate(language, f"dur.{unit}", n=int(seconds // size))
    return translate(language, "dur.s", n=int(seconds))


def words_or_code(language: Language, key: str, code: str) -> str:
    """The translation of ``key`` where there is one, else the code as sent (a new device role
    or reason the console does not know yet still shows)."""
    return MESSAGES[language].get(key, code)


def out_of_service_words(language: Language, code: str) -> str:
    """Why a kiosk is out of service, as its heartbeat says it (``journal_unavailable``, or a
    required device's role and its reason or state, e.g. ``scanner_port_missing``), in words;
    a code the console does not know is shown as sent."""
    words = MESSAGES[language]
    known = words.get(f"out_of_service.{code}")
    if known is not None:
        return known
    roles = sorted(
        (key.removeprefix("device_role.") for key in words if key.startswith("device_role.")),
        key=len,
        reverse=True,  # id_card_reader before card_reader
    )
    for role in roles:
        if code.startswith(role + "_"):
            why = code[len(role) + 1 :]
            said = words.get(f"device_reason.{why}") or words.get(f"device.{why}", why)
            return f"{words[f'device_role.{role}']}: {said}"
    return code
