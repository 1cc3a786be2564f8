"""Build models/demo-es-en-ct2/: the CTranslate2 int8 conversion of the bundled demo model.

    .venv/bin/python scripts/convert_demo_model.py           # (re)build it in place
    .venv/bin/python scripts/convert_demo_model.py --check   # exit 1 when the shipped one is stale

The conversion is shipped so that the README's first command takes the fast path
(`--backend auto` uses a conversion whose recorded source fingerprint is current) without
importing torch. It is built with `edtools models convert`'s own function; the metadata is
then made portable (the source folder recorded relative to the repository, no timing).
tests/test_fast_path.py checks its translations against the transformers backend.
Run it again whenever models/demo-es-en/ changes (scripts/train_demo_model.py), and paste the
digests it prints into models/registry.toml (`edtools models verify demo-es-en` checks them).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from edtools.translate.ct2 import META_FILE, conversion_status, convert_model  # noqa: E402

MODEL = ROOT / "models" / "demo-es-en"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the shipped conversion is current")
    args = parser.parse_args()
    if args.check:
        folder, why = conversion_status(MODEL)
        print(f"{MODEL.name}-ct2: {why}")
        return 0 if folder is not None else 1
    out = convert_model(MODEL, "int8", force=True)
    meta_path = out / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["source"] = "models/demo-es-en"
    meta.pop("seconds", None)
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in out.iterdir()) / 1e6
    print(f"wrote {out.relative_to(ROOT)} ({size:.1f} MB, int8); its digests for models/registry.toml:")
    from edtools.translate.models import file_sha256

    for p in sorted(out.iterdir()):
        if p.name != META_FILE:
            print(f'"ct2/{p.name}" = "{file_sha256(p, use_index=False)}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
