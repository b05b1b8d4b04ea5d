"""Gunicorn configuration for `make run` (`gunicorn -c python:dashboard.gunicorn_conf`): see dashboard/server.py."""

from dashboard.server import settings

globals().update(settings())
