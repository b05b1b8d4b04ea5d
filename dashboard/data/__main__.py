"""Command line: python -m dashboard.data {build,check,coverage,import-baci}."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from dashboard.data import REPO_ROOT, default_data_dir
from dashboard.data.errors import DataError

RAW_DEFAULT = str(REPO_ROOT / "data" / "raw")


def cmd_build(args: argparse.Namespace) -> int:
    """Build the tidy tables from raw evidence."""
    from dashboard.data.build import build

    tables = build(args.raw, args.out)
    obs = tables["observations"]
    counts = obs["status"].value_counts().to_dict()
    print(
        f"built {len(obs)} observations ({counts.get('preferred', 0)} preferred, "
        f"{counts.get('alternative', 0)} alternative, {counts.get('rejected', 0)} rejected), "
        f"{len(tables['sources'])} sources, {len(tables['events'])} events, {len(tables['chancay'])} Chancay "
        f"facts, {len(tables['products'])} products, {len(tables['partners'])} partners -> {args.out}"
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the tidy tables and report their size and load time."""
    from dashboard.data.loader import load

    t0 = time.perf_counter()
    ds = load(args.data)
    ms = (time.perf_counter() - t0) * 1000
    print(
        f"ok: {len(ds.observations)} observations, {len(ds.sources)} sources, {len(ds.events)} events, "
        f"{len(ds.chancay)} chancay facts, {len(ds.products)} products, {len(ds.partners)} partners; "
        f"loaded in {ms:.0f} ms"
    )
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    """Print year-by-year coverage of the key series."""
    from dashboard.data.loader import load
    from dashboard.data.query import COVERAGE_CODES, coverage

    ds = load(args.data)
    cov = coverage(ds.observations, ds.latest_year)
    years = [c for c in cov.columns if c != "series"]
    width = max(len(s) for s in cov["series"])
    print(f"{'':{width}}  {years[0]}{' ' * (len(years) - 8)}{years[-1]}")
    totals = dict.fromkeys(COVERAGE_CODES, 0)
    for _, row in cov.iterrows():
        line = "".join(row[y] for y in years)
        for c in totals:
            totals[c] += line.count(c)
        counts = " ".join(f"{c}={line.count(c)}" for c in COVERAGE_CODES)
        print(f"{row['series']:{width}}  {line}  {counts}")
    legend = "; ".join(f"{c} {d}" for c, d in COVERAGE_CODES.items())
    summary = ", ".join(f"{c}={n}" for c, n in totals.items())
    print(f"summary over {len(cov)} series x {len(years)} years: {summary}")
    print(f"legend: {legend}")
    return 0


def cmd_import_baci(args: argparse.Namespace) -> int:
    """Import Peru's flows from a BACI release into raw/baci."""
    from dashboard.data.baci import import_baci

    dest = import_baci(args.path, args.raw, progress=not args.quiet)
    print(f"wrote {dest} and {dest.stem}_detail/ beside it; run `python -m dashboard.data build` to use them")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser of the data commands."""
    p = argparse.ArgumentParser(prog="python -m dashboard.data", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="raw evidence -> tidy tables (validated, atomic)")
    b.add_argument("--raw", default=RAW_DEFAULT)
    b.add_argument("--data-dir", "--out", dest="out", default=None, help="where the tidy tables are written")
    b.set_defaults(func=cmd_build)
    for name, func, help_ in (
        ("check", cmd_check, "validate the tidy tables"),
        ("coverage", cmd_coverage, "year-by-year coverage of key series"),
    ):
        c = sub.add_parser(name, help=help_)
        c.add_argument("--data-dir", "--data", dest="data", default=None, help="tidy-table directory")
        c.set_defaults(func=func)
    i = sub.add_parser("import-baci", help="import a CEPII BACI release (zip or directory) into raw/baci")
    i.add_argument("path")
    i.add_argument("--raw", default=RAW_DEFAULT)
    i.add_argument("--quiet", action="store_true", help="no progress bar")
    i.set_defaults(func=cmd_import_baci)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one data command; a DataError becomes one line on stderr and exit code 1."""
    args = parser().parse_args(argv)
    if getattr(args, "out", "x") is None:
        args.out = str(default_data_dir())
    if getattr(args, "data", "x") is None:
        args.data = str(default_data_dir())
    try:
        return int(args.func(args))
    except DataError as e:
        print(str(e), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
