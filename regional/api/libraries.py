"""GET /v1/libraries: the member libraries of the network."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from regional.api.deps import KioskDep, RuntimeDep
from regional.api.errors import problems
from regional.db.models import Library
from regional.schemas import LibraryList, LibraryName, LibraryView

router = APIRouter(tags=["libraries"])


@router.get(
    "/libraries", response_model=LibraryList, responses=problems(401), summary="List libraries"
)
def list_libraries(runtime: RuntimeDep, _kiosk: KioskDep) -> LibraryList:
    with runtime.db.read() as session:
        rows = session.scalars(select(Library).order_by(Library.id)).all()
        return LibraryList(
            libraries=[
                LibraryView(id=r.id, name=LibraryName(zh=r.name_zh, en=r.name_en), city=r.city)
                for r in rows
            ]
        )
