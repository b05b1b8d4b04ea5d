"""WSGI entry point: `gunicorn dashboard.wsgi:server` builds the app once per worker."""

from dashboard.app import create_app

server = create_app().server
