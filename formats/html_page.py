"""The frame of every self-contained HTML file the app writes (a scorecard, a statement): one
place for the head that keeps it offline and private (no referrer, no outside resources)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from i18n import current_language


def document(title: str, css: str, body: Sequence[str]) -> str:
    """A whole page in the reader's language: `title` is plain text (escaped here); `css` and each
    part of `body` are markup the caller already escaped."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(current_language())}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{css}</style>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )
