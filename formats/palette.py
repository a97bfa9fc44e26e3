"""The colours of the answer scale, declared once for the charts in the app and the card files.

Dark at both ends, light next to the middle: "yes" and "hell yes" differ in lightness, not
only in a shade of green, so they stay apart on a phone in the sun and for colour-blind eyes.
The light fills are too pale for text on white, so words in an answer's colour use its ink.
"""

from __future__ import annotations

from scoring.models import Answer

ANSWER_COLOURS: dict[Answer, str] = {
    Answer.HELL_NO: "#b91c1c",
    Answer.NO: "#fb923c",
    Answer.UNSURE: "#cbd5e1",
    Answer.YES: "#9fd67a",
    Answer.HELL_YES: "#166534",
}

# The same hues, dark enough to read as text on white (contrast 4.5:1 or more).
ANSWER_INK: dict[Answer, str] = {
    Answer.HELL_NO: "#b91c1c",
    Answer.NO: "#c2410c",
    Answer.UNSURE: "#475569",
    Answer.YES: "#3f6212",
    Answer.HELL_YES: "#166534",
}
