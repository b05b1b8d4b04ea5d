"""WSGI entry for the load benchmark: the real app plus a no-op callback (the framework's floor) on the same server."""

from bench import scenarios

server = scenarios.app_with_noop()[0].server
