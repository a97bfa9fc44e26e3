"""Update every catalog from the code and compile it: run after changing a sentence of the app.

.venv/bin/python scripts/i18n.py            # update i18n/locale/*/messages.po, compile .mo
.venv/bin/python scripts/i18n.py --check    # list what is untranslated, change nothing
.venv/bin/python scripts/i18n.py --add de   # start a catalog for a new language
.venv/bin/python scripts/i18n.py --fill nl words.json   # add translations from a JSON object
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from i18n import catalogs


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="report problems, change nothing")
    parser.add_argument("--add", metavar="LANG", help="start a catalog for a new language")
    parser.add_argument(
        "--fill",
        nargs=2,
        metavar=("LANG", "FILE"),
        help="write translations from a JSON object (English message -> translation) into LANG",
    )
    args = parser.parse_args()
    template = catalogs.extract()
    languages = catalogs.languages()
    if args.add:
        languages = sorted({*languages, args.add})
    if not args.check:
        for language in languages:
            catalogs.update(language)
        if args.fill:
            language, file = args.fill
            count = catalogs.fill(language, catalogs.load_fill(Path(file)))
            print(f"filled {count} messages of {language} from {file}")
        for mo in catalogs.compile_all():
            print(f"compiled {mo.relative_to(catalogs.ROOT)}")
    found = [p for language in languages for p in catalogs.problems(language, template)]
    for problem in found:
        print(problem)
    print(f"{len(template)} messages; {len(found)} problems in {', '.join(languages) or 'no catalog'}")
    return 1 if found and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
