"""Counting what the public sends, in the cache every process shares.

A count per key in fixed windows; the first request of a window creates the key
with ``add`` (which only one process wins) and every request increments it. In
Redis the increment is atomic; in the embedded mode's database cache two
requests at the same instant may count once, which a limit can afford.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches


def client_key(address: str) -> str:
    """An address as a keyed hash: enough to count and to tell repeats apart,
    nothing that gives the address back."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:client:{address}".encode()).hexdigest()


def take(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one request of ``ident`` in ``scope``; False once ``limit`` requests
    fell in the current window."""
    cache = caches["throttle"]
    bucket = int(time.time() // window)
    key = f"throttle:{scope}:{ident}:{bucket}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window * 2)
        count = 1
    return count <= limit
