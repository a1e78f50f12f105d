"""Member libraries' names for the returns screen, by the ids the regional service uses."""

from __future__ import annotations

# id -> (Chinese name, English name). An id missing here is shown as it is.
LIBRARY_NAMES: dict[str, tuple[str, str]] = {
    "CQL": ("重庆图书馆", "Chongqing Library"),
    "CDL": ("成都图书馆", "Chengdu Library"),
    "SCL": ("四川省图书馆", "Sichuan Library"),
    "YZL": ("渝中区图书馆", "Yuzhong District Library"),
    "CQU": ("重庆大学图书馆", "Chongqing University Library"),
    "SCU": ("四川大学图书馆", "Sichuan University Library"),
    "SWU": ("西南大学图书馆", "Southwest University Library"),
    "JBL": ("江北区图书馆", "Jiangbei District Library"),
    "MYL": ("绵阳市图书馆", "Mianyang Library"),
}


def library_name(library_id: str | None, language: str) -> str:
    """The library's name in ``language`` ("zh_CN" or "en"); the id itself when unknown."""
    if not library_id:
        return ""
    names = LIBRARY_NAMES.get(library_id.strip().upper())
    if names is None:
        return library_id
    return names[0] if language.startswith("zh") else names[1]
