import pytest


@pytest.fixture(autouse=True)
def no_trend_cache(settings, request):
    """Most tests write rows directly and read pages at once: without the
    version bump the services do, a cached trend would hide their rows.
    Tests of the cache itself ask for `trend_cache`."""
    if "trend_cache" not in request.fixturenames:
        settings.PULSE_CACHE_SECONDS = 0


@pytest.fixture
def trend_cache(settings):
    from django.core.cache import cache

    cache.clear()
    settings.PULSE_CACHE_SECONDS = 600
    yield
    cache.clear()
