"""The read-only JSON API under /api/v1/ (placeholder until it lands)."""

from ninja import NinjaAPI

api = NinjaAPI(urls_namespace="api", version="1")
