"""Reading a Prometheus scrape in tests, with prometheus-client's own parser."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def samples(scrape: str) -> Samples:
    """Every sample by (name, its labels sorted)."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(scrape)
        for sample in family.samples
    }


def metric_sum(scrape: str, name: str, **labels: str) -> float:
    """The sum of the samples called ``name`` that carry ``labels`` (others any)."""
    return sum(
        value
        for (sample, their), value in samples(scrape).items()
        if sample == name and all(dict(their).get(k) == v for k, v in labels.items())
    )
