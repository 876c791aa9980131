"""Settings are read from environment variables.

With none set the project runs in its embedded mode (SQLite, DEBUG on, a file-system
Celery broker). ``DJANGO_ENV=production`` layers the production settings on top,
which refuse to start without the secrets and hosts they need.
"""

import os

from planner.settings.base import *  # noqa: F403

if os.environ.get("DJANGO_ENV", "").lower() == "production":
    from planner.settings.production import *  # noqa: F403
