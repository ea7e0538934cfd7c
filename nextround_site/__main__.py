"""Build the site without MkDocs hooks (see ``nextround_site.build``).

    python -m nextround_site build SITE_DIR      everything: prepare, mkdocs build, finish
    python -m nextround_site build --generator zensical SITE_DIR
                                                 the same with Zensical instead of MkDocs
    python -m nextround_site prepare WORK_DIR SITE_DIR
                                                 generated docs + a hook-less WORK_DIR/mkdocs.yml
                                                 (build it with any generator that reads it), then
    python -m nextround_site finish WORK_DIR     labels, CSP, Pyodide runtime, wheel, _headers
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build
from .site_build import BuildError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nextround_site",
                                     description="Build the Next Round site without MkDocs hooks.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="build the whole site into SITE_DIR")
    p_build.add_argument("site_dir", type=Path)
    p_build.add_argument("-f", "--config-file", type=Path, default=None, help="default: mkdocs.yml")
    p_build.add_argument("--generator", choices=build.GENERATORS, default=build.GENERATORS[0],
                         help="the static site generator (default: mkdocs)")
    p_prepare = sub.add_parser("prepare", help="write generated docs and a hook-less config into WORK_DIR")
    p_prepare.add_argument("work_dir", type=Path)
    p_prepare.add_argument("site_dir", type=Path)
    p_prepare.add_argument("-f", "--config-file", type=Path, default=None, help="default: mkdocs.yml")
    p_prepare.add_argument("--generator", choices=build.GENERATORS, default=build.GENERATORS[0],
                           help="write the config for this generator (zensical: paths relative to "
                                "WORK_DIR, and SITE_DIR must be inside it)")
    p_finish = sub.add_parser("finish", help="finish the site built from WORK_DIR/mkdocs.yml")
    p_finish.add_argument("work_dir", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            print(build.build(args.site_dir, args.config_file, generator=args.generator))
        elif args.command == "prepare":
            args.work_dir.mkdir(parents=True, exist_ok=True)
            print(build.prepare(args.work_dir, args.site_dir, args.config_file, generator=args.generator))
        else:
            print(build.finish(args.work_dir))
    except (BuildError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover - run as a process by tests/site/test_plain_build.py
    sys.exit(main())
