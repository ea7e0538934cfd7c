"""Print how long the checklist PDFs take to render, cold and cached, and how big they are.

    .venv/bin/python bench/checklist_pdf.py [--smoke]

The build renders them once per content hash (``nextround_site.print_checklist.build_cached``);
this shows what a content change costs and what an unchanged rebuild costs. ``--smoke``
renders one paper size cold and nothing else: a check that the script works, not a figure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nextround_site import print_checklist  # noqa: E402


def main() -> None:
    import pypdf

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a quick run that only checks this script still works (the test suite runs it); its figures mean nothing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        import weasyprint  # noqa: F401  (import cost, once per build)
        print(f"import weasyprint        {time.perf_counter() - start:6.2f} s")
        for p in print_checklist.PAPERS[:1] if args.smoke else print_checklist.PAPERS:
            start = time.perf_counter()
            path = print_checklist.write_pdf(p.key, Path(tmp) / p.filename)
            took = time.perf_counter() - start
            pages = len(pypdf.PdfReader(path).pages)
            size = path.stat().st_size
            print(f"render {p.key:<7} cold      {took:6.2f} s   {size:>7} bytes   {pages} page(s)")
        if args.smoke:
            return
        cache = Path(tmp) / "cache"
        start = time.perf_counter()
        print_checklist.build_cached(cache)
        print(f"build_cached, empty      {time.perf_counter() - start:6.2f} s")
        start = time.perf_counter()
        print_checklist.build_cached(cache)
        print(f"build_cached, warm       {(time.perf_counter() - start) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
