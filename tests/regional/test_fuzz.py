"""Fuzzing from the service's own OpenAPI document: no input may cause a 5xx, and every error
is well-formed problem+json."""

from __future__ import annotations

from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.regional.conftest import Service

EXAMPLES = 250


def test_fuzz_the_api_from_its_openapi(service: Service) -> None:
    spec: dict[str, Any] = service.client.get("/v1/openapi.json").json()
    schema = schemathesis.openapi.from_dict(spec)
    # Realistic bodies reach the rules; broken ones exercise validation.
    cases = schema.as_strategy(GenerationMode.POSITIVE) | schema.as_strategy(
        GenerationMode.NEGATIVE
    )
    auth = {"Authorization": f"Bearer {service.tokens['CQL']}"}

    with requests.Session() as session:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases)
        def call(case: schemathesis.Case) -> None:
            response = case.call(base_url=service.url, session=session, headers=auth)
            assert response.status_code < 500, response.text
            if response.status_code >= 400:
                [content_type] = response.headers["content-type"]
                assert content_type.startswith("application/problem+json")
                body = response.json()
                assert {"type", "title", "status", "detail", "code"} <= body.keys()
                assert body["status"] == response.status_code
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )

        call()
