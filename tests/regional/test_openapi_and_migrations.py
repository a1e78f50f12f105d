"""The published contract matches the served one; the migrations make exactly the models."""

from __future__ import annotations

import json
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from regional.db.models import Base
from regional.db.session import make_engine
from tests.regional.conftest import Service

DOCS_COPY = Path(__file__).resolve().parents[2] / "docs" / "regional-openapi.json"
CONTRACT = {
    ("get", "/v1/health"),
    ("get", "/v1/health/live"),
    ("get", "/v1/libraries"),
    ("post", "/v1/patrons/lookup"),
    ("get", "/v1/items/{barcode}"),
    ("post", "/v1/transactions"),
    ("post", "/v1/transactions/batch"),
    ("delete", "/v1/transactions/{txn_id}"),
    ("delete", "/v1/sessions/{id}"),
    # Our extension (docs/HEALTH.md): /metrics stays out of the document.
    ("post", "/v1/kiosks/{kiosk_id}/heartbeat"),
}


def test_the_served_openapi_matches_the_copy_in_docs(service: Service) -> None:
    served = service.client.get("/v1/openapi.json").json()
    copy = json.loads(DOCS_COPY.read_text(encoding="utf-8"))
    assert served == copy, "regenerate it: kiosk-regional openapi --out docs/regional-openapi.json"
    operations = {(m, p) for p, ops in served["paths"].items() for m in ops}
    assert operations == CONTRACT
    assert service.client.get("/v1/docs").status_code == 200


def test_the_migrations_make_exactly_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            assert differences == []
            indexes = {ix["name"] for ix in inspect(connection).get_indexes("loans")}
            assert "uq_loans_active_item" in indexes
    finally:
        engine.dispose()
