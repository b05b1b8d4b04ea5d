"""WSGI entry point: `gunicorn dashboard.wsgi:server` builds the app once per worker.

On bad data or a bad claims registry the worker prints one line and exits with gunicorn's "app failed to load"
code, which stops the master too: a broken deployment fails at once instead of respawning workers for ever.
"""

import sys

from dashboard.app import create_app
from dashboard.data import DataError

APP_LOAD_ERROR = 4  # gunicorn.arbiter.Arbiter.APP_LOAD_ERROR: the master halts instead of respawning

try:
    server = create_app().server
except DataError as error:  # refuse to start, with the file, row and reason, and no traceback
    print(error, file=sys.stderr, flush=True)  # DataError's text starts with "error:"
    raise SystemExit(APP_LOAD_ERROR) from None
