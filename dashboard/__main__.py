"""Command line: `python -m dashboard [serve] [--host H] [--port P] [--data-dir DIR]` and sub-commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _serve(args: argparse.Namespace) -> int:
    """Serve the app with a production WSGI server (gunicorn, or waitress where gunicorn is absent)."""
    from dashboard.app import create_app
    from dashboard.data import DataError

    try:
        app = create_app(args.data_dir)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Peru-China Trade Lens: open http://{args.host}:{args.port}/", flush=True)
    if args.debug:
        app.run(host=args.host, port=args.port, debug=True)
        return 0
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:  # Windows: no gunicorn
        import waitress

        waitress.serve(app.server, host=args.host, port=args.port)
        return 0

    class _Gunicorn(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("accesslog", "-")

        def load(self) -> object:
            return app.server

    _Gunicorn().run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Peru–China Trade Lens")
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="serve the app (the default)")
    for p in (parser, serve):
        p.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8050")))
        p.add_argument("--data-dir", default=os.environ.get("TRADE_LENS_DATA"))
        p.add_argument("--workers", type=int, default=2)
        p.add_argument("--debug", action="store_true", help="Dash's development server with hot reload")
    args = parser.parse_args(argv)
    return _serve(args)


if __name__ == "__main__":
    sys.exit(main())
