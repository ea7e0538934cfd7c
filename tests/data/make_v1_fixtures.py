"""Writes the schema-1 fixtures from the code of a schema-1 checkout (run once, by hand).

    git archive <schema-1 commit> worksheet | tar -x -C /tmp/v1
    PYTHONPATH=/tmp/v1 python tests/data/make_v1_fixtures.py tests/data

``v1-fields.json`` freezes the field list of schema 1 (keys, kinds, options, item parts) so the
migration tests can generate any schema-1 document after the live field list has moved on.
``v1-backup.json`` is what "Export backup" wrote (``exports.json_backup``) for a full document.
Both are committed; the tests never import the old code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from worksheet import codec, content, exports, model


def _field(f) -> dict:
    return {
        "key": f.key,
        "kind": f.kind,
        "options": list(f.option_values),
        "item_fields": [_field(sub) for sub in f.item_fields],
    }


def _backup() -> str:
    doc = model.empty_document()
    a = model.new_entry("7f3c2a9e-1b4d-4c8e-9a61-2f0d5e8b7c13", "2026-03-05T18:20:00Z")
    a.update(
        company="Acme Widgets", role="Product Designer", interview_date="2026-03-05",
        stage="final", format="video", decision_date="2026-03-12", news_via="email",
        interviewers=[{"name": "Priya Shah", "title": "Head of Design"}, {"name": "Tom Okafor", "title": "PM"}],
        notes="Ask Sam about the\r\nportfolio review. 👩🏽‍💻",
        reapply_after="2026-09-12",
        actions=[{"text": "Practise the case study", "due": "2026-03-20", "done": False}],
    )
    a["reflection"]["questions"] = [{"question": "Why us?", "how_it_went": "Too long."}]
    a["reflection"]["ratings"]["answers"] = 2
    a["reflection"]["went_well"] = ["Portfolio", "", "مرحبا"]
    a["reflection"]["to_change"] = [{"change": "Shorter answers", "fix": "STAR, two minutes"}]
    a["reflection"]["still_want"] = "yes"
    a["mindset"]["feeling"] = "flat"
    a["thank_you"].update(topic="the onboarding redesign", sent=True, date="2026-03-13")
    a["feedback"].update(requested=True, date="2026-03-14", said="More numbers.", agree="partly")
    a["plan_done"] = {"thank_you": True}
    a["updated"] = "2026-03-14T08:00:00Z"
    b = model.new_entry("b", "2026-04-01T09:00:00Z")
    b.update(company="Bolt", interview_date="2026-04-01", news_via="none",
             interviewers=[{"name": "", "title": "Recruiter"}])
    doc["entries"] += [a, b]
    doc["settings"].update(active_entry="b", edits_since_export=3, last_export="2026-03-10T12:00:00Z")
    return exports.json_backup(codec.validate(doc))


def main(out: Path) -> None:
    assert model.SCHEMA_VERSION == 1, "run this against a schema-1 checkout"
    fields = {
        "version": model.SCHEMA_VERSION,
        "fields": [_field(f) for f in content.all_fields()],
        "meta_keys": list(model.META_KEYS),
        "settings": model.empty_settings(),
    }
    (out / "v1-fields.json").write_text(json.dumps(fields, indent=1) + "\n", encoding="utf-8")
    (out / "v1-backup.json").write_text(_backup(), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
