"""Prometheus metrics (prometheus-client), one registry per app so several apps in a test do not clash.

Exposed at `/metrics`: requests (by status), internal errors and latency per route template, prompt and
completion tokens, time to first token, model jobs queued/running, adapters cached, internalizations.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self):
        r = self.registry = CollectorRegistry()
        self.requests = Counter("agenthn_requests", "HTTP requests", ["method", "route", "status"],
                                registry=r)
        self.server_errors = Counter("agenthn_server_errors",
                                     "internal errors: unhandled exceptions answered 500, and those "
                                     "reported in-band after a stream's 200", ["route"], registry=r)
        self.latency = Histogram("agenthn_request_latency_seconds", "HTTP request latency to the last byte",
                                 ["route"], buckets=LATENCY_BUCKETS, registry=r)
        self.tokens = Counter("agenthn_tokens", "tokens processed", ["kind"], registry=r)
        self.ttft = Histogram("agenthn_time_to_first_token_seconds", "admission to first streamed token",
                              buckets=LATENCY_BUCKETS, registry=r)
        self.jobs = Gauge("agenthn_model_jobs", "model jobs admitted (queued or running)", registry=r)
        self.cancelled = Counter("agenthn_cancelled", "jobs cancelled because their client went away",
                                 registry=r)
        self.rejected = Counter("agenthn_rejected", "requests refused by a limit", ["reason"], registry=r)
        self.internalizations = Counter("agenthn_internalizations", "documents internalized into adapters",
                                        ["kind"], registry=r)
        self.adapters_written = Counter("agenthn_adapters_written", "adapter files written", ["kind"],
                                        registry=r)
        self.adapters_cached = Gauge("agenthn_adapters_cached", "adapters held in memory", registry=r)
        self.adapters_cached_bytes = Gauge("agenthn_adapters_cached_bytes", "bytes of cached adapters",
                                           registry=r)

    def watch_cache(self, count: Callable[[], float], nbytes: Callable[[], float]) -> None:
        """Sample the adapter cache at scrape time instead of mirroring every change."""
        self.adapters_cached.set_function(count)
        self.adapters_cached_bytes.set_function(nbytes)

    def render(self) -> bytes:
        return generate_latest(self.registry)
