"""WSGI entry point: `gunicorn dashboard.wsgi:server` builds the app once per worker."""

import sys

from dashboard.app import create_app
from dashboard.data import DataError

try:
    server = create_app().server
except DataError as error:  # refuse to start, with the file, row and reason, and no traceback
    print(f"error: {error}", file=sys.stderr, flush=True)
    raise SystemExit(1) from None
