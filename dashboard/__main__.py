"""Command line: `python -m dashboard [serve] [--host H] [--port P] [--data-dir DIR | --data DIR]` and sub-commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _serve(args: argparse.Namespace) -> int:
    """Serve the app with a production WSGI server (gunicorn, or waitress where gunicorn is absent)."""
    from dashboard.app import check_inputs, create_app
    from dashboard.data import DataError

    try:
        # refuse to start on bad data or claims, before any server or thread exists; the workers, forked from this
        # process, build their app on the tables read here instead of reading them again (a frozen Dataset)
        data = check_inputs(args.data_dir)
    except DataError as error:
        print(error, file=sys.stderr)  # one line that starts with "error:"
        return 1
    print(f"Peru-China Trade Lens: open http://{args.host}:{args.port}/", flush=True)
    if args.debug:
        create_app(args.data_dir, data=data).run(host=args.host, port=args.port, debug=True)
        return 0
    try:
        from gunicorn.app.base import BaseApplication

        from dashboard.server import settings
    except ImportError:  # Windows: no gunicorn
        import waitress

        waitress.serve(create_app(args.data_dir, data=data).server, host=args.host, port=args.port)
        return 0

    class _Gunicorn(BaseApplication):
        def load_config(self) -> None:
            for key, value in settings(args.host, args.port, args.workers).items():
                self.cfg.set(key, value)

        def load(self) -> object:
            # Each worker builds its own app after the fork: a thread (the warm-up) or a lock held in the
            # master at fork time would be lost, or stay locked for ever, in the worker.
            return create_app(args.data_dir, data=data).server

    _Gunicorn().run()
    return 0


def _claims(args: argparse.Namespace) -> int:
    """Print every claim with its computed verdict as text, JSON or schema.org ClaimReview."""
    from dashboard.strings import use_lang

    with use_lang(args.lang):  # explanations, verdict words and the review's inLanguage follow --lang
        return _print_claims(args)


def _print_claims(args: argparse.Namespace) -> int:
    """Print every claim with its computed verdict, in the current language."""
    import json

    from dashboard.claims import claim_review, evaluate_all, load_registry, public_base_url, source_dates
    from dashboard.data import DataError, load
    from dashboard.strings import t

    try:
        data = load(args.data_dir)
        registry = load_registry(args.claims or data.data_dir / "claims.toml")
        base_url = public_base_url()
    except (DataError, OSError, ValueError) as error:
        print(error if isinstance(error, DataError) else f"error: {error}", file=sys.stderr)  # DataError says error:
        return 1
    results = evaluate_all(registry, data)
    if args.format == "text":
        width = max(len(c.id) for c in registry.claims)
        for claim in registry.claims:
            r = results[claim.id]
            print(f"{claim.id:<{width}}  {t(f'verdict.{r.verdict}'):<16}  {r.explanation}")
        return 0
    if args.format == "json":
        out = []
        for claim in registry.claims:
            r = results[claim.id]
            out.append(
                {
                    "id": claim.id,
                    "quote": claim.quote,
                    "quote_translation": t(f"claim.quote.{claim.id}") if args.lang != "en" else None,
                    "paragraph": claim.paragraph,
                    "kind": claim.kind,
                    "verdict": r.verdict,
                    "verdict_label": t(f"verdict.{r.verdict}"),
                    "explanation": r.explanation,
                    "rule": r.rule,
                    "inputs": r.inputs,
                    "sources": r.sources,
                    "sensitivity": r.sensitivity,
                    "settle": r.settle,
                }
            )
    else:
        dates = source_dates(data.sources)
        article = registry.article
        out = [claim_review(c, results[c.id], article, base_url=base_url, source_dates=dates) for c in registry.claims]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2, default=str)
    print()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # No abbreviations: every spelling a script may use (--data-dir and its alias --data) is declared.
    parser = argparse.ArgumentParser(
        prog="python -m dashboard", description="Peru–China Trade Lens", allow_abbrev=False
    )
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="serve the app (the default)", allow_abbrev=False)
    for p in (parser, serve):
        p.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8050")))
        p.add_argument("--data-dir", "--data", dest="data_dir", default=os.environ.get("TRADE_LENS_DATA"))
        p.add_argument("--workers", type=int, default=None, help="default: one per core, at least two")
        p.add_argument("--debug", action="store_true", help="Dash's development server with hot reload")
    claims = sub.add_parser("claims", help="print every claim with its computed verdict")
    claims.add_argument("--data-dir", default=os.environ.get("TRADE_LENS_DATA"))
    claims.add_argument("--claims", default=None, help="claims registry (default: DATA_DIR/claims.toml)")
    claims.add_argument("--format", choices=["text", "json", "claimreview"], default="text")
    claims.add_argument("--lang", choices=["en", "es", "zh"], default="en", help="language of the texts")
    args = parser.parse_args(argv)
    if args.command == "claims":
        return _claims(args)
    return _serve(args)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into `head` and closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
