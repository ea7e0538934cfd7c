"""Help where the reader lives: per region, official pages for each topic.

Defined once; shown on the regions page and where it matters (step 2, step 5, the crisis note,
the FAQ on interview notes, the worksheet's record help). Every link is a ``Source`` record.
"""

from __future__ import annotations

from nextround_site.sources import Source

REGION_SOURCES: dict[str, Source] = {}
