"""Keep a half-filled form in the browser's localStorage until it is submitted or discarded.

Why the browser and not the database: answers inside an `st.form` reach the server
only on submit, so the server never sees a half-filled form. The page itself does:
a small script reads the form's own inputs as the person types and clicks, keeps
them under one name in localStorage (this browser only, nothing leaves it), and on
the next visit (a reload, or a way back from another page) hands them to Python,
which puts them into the widgets before they are drawn.

The script finds each widget by the `st-key-…` class Streamlit gives a keyed widget;
a segmented control is stored as the position of its checked option, a select box as
the label of its chosen option, a text, number or date input as the text it shows.
What comes back is checked like any typed input (the `kept_…` helpers below): a value
that no longer fits (a date now out of range, an option that is gone, a text over its
limit) is left out, the rest is put back.

A form that is not drawn on a run (the check-in under a tab that is closed) loses its
widgets on the server; its draft is still here, and is offered again when the form is
drawn. A draft is written as soon as something is clicked or typed, and again a moment
later once the widget shows the change, so a click on a tab or a link right after an
answer still finds that answer kept.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

import streamlit as st

from i18n import _

Kind = Literal["text", "choice", "select"]
T = TypeVar("T")

_JS = r"""
const LIVE = new WeakMap();
// Every keeper alive on this page, by store: forgetting a draft silences them too, so a
// keeper of a form just submitted cannot write it back while its run ends.
window.__tsDraftKeepers = window.__tsDraftKeepers || new Map();

function container(key) {
  return document.querySelector("." + CSS.escape(key));
}

function read(fields) {
  const found = {};
  let present = false;
  let filled = false;
  for (const f of fields) {
    const box = container(f.css);
    if (!box) continue;
    present = true;
    if (f.kind === "choice") {
      const options = Array.from(box.querySelectorAll('[role="radio"]'));
      const at = options.findIndex((o) => o.getAttribute("aria-checked") === "true");
      found[f.name] = at >= 0 ? at : null;
      if (at >= 0) filled = true;
    } else {
      // A select box shows its chosen option's label in its combobox input.
      const input =
        f.kind === "select"
          ? box.querySelector('input[role="combobox"]')
          : box.querySelector("textarea, input");
      const shown = input ? input.value : "";
      const value = shown === f.blank ? "" : shown;
      found[f.name] = value;
      if (value !== "" && !f.ignore_empty) filled = true;
    }
  }
  return { present, filled, found };
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const previous = LIVE.get(parentElement);
  if (previous) previous();
  const store = data.store;
  const keepers = window.__tsDraftKeepers;
  window.__tsDraftCleared = window.__tsDraftCleared || new Set();
  if (data.clear && !window.__tsDraftCleared.has(data.clear)) {
    window.__tsDraftCleared.add(data.clear);
    for (const other of Array.from(keepers.get(store) || [])) other();
    localStorage.removeItem(store);
  }
  const fields = data.fields || [];
  let timer = null;
  let waiting = null;
  let tries = 0;
  // Offered a kept draft: until the form shows it, an empty form must not erase it.
  let restoring = false;

  function save() {
    const now = read(fields);
    if (!now.present) return;
    if (now.filled) {
      restoring = false;
      localStorage.setItem(store, JSON.stringify({ version: 1, fields: now.found }));
    } else if (!restoring) {
      localStorage.removeItem(store);
    }
  }
  function later() {
    // Now, for what the form shows before this event (a click on a tab takes the form
    // away at once); again once the widget shows this event's change.
    save();
    clearTimeout(timer);
    timer = setTimeout(save, 150);
  }
  function offer() {
    // The form is drawn after this component: wait for it, then offer the draft once.
    const now = read(fields);
    if (!now.present) {
      if (tries++ < 100) waiting = setTimeout(offer, 50);
      return;
    }
    if (!data.ask || now.filled) return;
    const kept = localStorage.getItem(store);
    if (!kept) return;
    try {
      const draft = JSON.parse(kept);
      if (draft && draft.version === 1) {
        restoring = true;
        setTriggerValue("restore", draft.fields);
      }
    } catch (e) {
      localStorage.removeItem(store);
    }
  }

  // A select box chosen with the keyboard sends no click and no input event.
  const EVENTS = ["input", "change", "click", "keyup"];
  if (fields.length) {
    for (const name of EVENTS) document.addEventListener(name, later, true);
    offer();
  }
  const stop = () => {
    clearTimeout(timer);
    clearTimeout(waiting);
    for (const name of EVENTS) document.removeEventListener(name, later, true);
    LIVE.delete(parentElement);
    keepers.get(store)?.delete(stop);
  };
  LIVE.set(parentElement, stop);
  if (fields.length) {
    if (!keepers.has(store)) keepers.set(store, new Set());
    keepers.get(store).add(stop);
  }
  return stop;
}
"""

_SCROLL_JS = r"""
export default function (component) {
  const { data } = component;
  window.__tsScrolled = window.__tsScrolled || new Set();
  if (!data.target || window.__tsScrolled.has(data.once)) return;
  let tries = 0;
  let timer = null;
  function attempt() {
    const app = document.querySelector('[data-testid="stApp"]');
    const done = app && app.getAttribute("data-test-script-state") === "notRunning";
    const target = document.querySelector(data.target);
    if (done && target) {
      window.__tsScrolled.add(data.once);
      // Streamlit's header sits over the top of the page: the target must show below it.
      const header = document.querySelector('[data-testid="stHeader"]');
      const below = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
      const box = target.getBoundingClientRect();
      if (box.top >= below && box.bottom <= window.innerHeight) return;
      target.style.scrollMarginTop = below + 8 + "px";
      target.scrollIntoView({ block: "start", behavior: "instant" });
      return;
    }
    if (tries++ < 100) timer = setTimeout(attempt, 50);
  }
  attempt();
  return () => clearTimeout(timer);
}
"""

_draft = st.components.v2.component("thinslice.draft", js=_JS)
_scroll = st.components.v2.component("thinslice.scroll_into_view", js=_SCROLL_JS)


@dataclass(frozen=True, slots=True)
class DraftField:
    """One widget of a form: `name` is how the draft stores it, `key` the widget's session key."""

    name: str
    key: str
    kind: Kind = "text"
    # A field that always shows something (a date defaulting to today) does not make a draft.
    ignore_empty: bool = False
    # What a text or select field shows when nothing is given ("Not noted", or the default
    # date): kept as nothing, so it makes no draft, and a draft of yesterday comes back
    # with today's default rather than yesterday's.
    blank: str = ""


def _css_class(key: str) -> str:
    """The class Streamlit puts on a keyed widget's container (its frontend's own rule)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def keep_draft(
    store: str, fields: Sequence[DraftField], *, ask: bool, clear: str | None = None
) -> Mapping[str, object] | None:
    """Mount the keeper above the form; returns a kept draft on the one run that restores it.

    `ask`: the server holds nothing for this form (a fresh session, or the way back from
    another page), so a kept draft may be offered. `clear`: a one-off token that forgets
    the kept draft (after a submit or a discard).
    """
    result = _draft(
        key=f"draft-{store}",
        data={
            "store": f"thinslice.draft.{store}",
            "ask": ask,
            "clear": clear,
            "fields": [
                {
                    "name": f.name,
                    "css": _css_class(f.key),
                    "kind": f.kind,
                    "ignore_empty": f.ignore_empty,
                    "blank": f.blank,
                }
                for f in fields
            ],
        },
        on_restore_change=lambda: None,
        height=0,
    )
    restore = getattr(result, "restore", None)
    return restore if isinstance(restore, Mapping) else None


def forget_draft(store: str, token: str) -> None:
    """Forget the kept draft of `store`, once (a token is acted on only once per page).

    A keeper of `store` still on the page (the form just submitted, until its run ends)
    stops keeping, so it cannot write the submitted answers back."""
    _draft(
        key=f"forget-{store}",
        data={"store": f"thinslice.draft.{store}", "ask": False, "clear": token, "fields": []},
        height=0,
    )


def new_token() -> str:
    return uuid.uuid4().hex


def scroll_into_view(selector: str, once: str) -> None:
    """Bring the element `selector` finds into view after the run (unless it is in view already),
    once per `once` token."""
    _scroll(key=f"scroll-{once}", data={"target": selector, "once": once}, height=0)


def discard_row(note: str, key: str, on_discard: Callable[..., None], args: tuple[object, ...]) -> None:
    """Under a form whose draft is kept: what keeps it, and the button that throws it away.

    `note` is the whole sentence, in the reader's language ("Your answers stay in this browser
    until you get the verdict or discard them."): a sentence put together from pieces cannot be
    translated. A caller that still passes only the end of it ("you save the check-in") gets the
    English sentence it always had."""
    if not note.endswith("."):
        note = f"Your answers stay in this browser until {note} or discard them."
    kept, discard = st.columns([3, 1], vertical_alignment="center")
    with kept:
        st.caption(note)
    with discard:
        st.button(
            _("Discard draft"),
            key=key,
            type="tertiary",
            icon=":material/delete:",
            on_click=on_discard,
            args=args,
        )


def keyed(key: str) -> str:
    """The CSS selector of a widget or container drawn with `key`."""
    return "." + _css_class(key)


# --- a kept value, checked as if typed ---------------------------------------------------------
# A draft comes back from the browser, where anyone can change it: each helper returns the
# value only if the widget itself would accept it, and None otherwise (the field stays empty).


def kept_option(options: Sequence[T], raw: object) -> T | None:
    """A segmented control's option, kept as its position."""
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < len(options):
        return options[raw]
    return None


def kept_label(labels: Mapping[T, str], raw: object) -> tuple[T] | None:
    """A select box's option, kept as its label; a one-tuple, since an option may be None itself."""
    for option, label in labels.items():
        if isinstance(raw, str) and raw == label:
            return (option,)
    return None


def kept_text(raw: object, limit: int) -> str | None:
    if isinstance(raw, str) and raw.strip() and len(raw) <= limit:
        return raw
    return None


def kept_count(raw: object, limit: int) -> int | None:
    """A whole number from 0 to `limit`, kept as the digits the input showed."""
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        count = int(raw.strip())
        return count if count <= limit else None
    return None


def kept_date(raw: object, earliest: dt.date | None, latest: dt.date) -> dt.date | None:
    """A date input's value, kept as YYYY-MM-DD, inside the range the input allows."""
    if not isinstance(raw, str):
        return None
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        return None
    if day > latest or (earliest is not None and day < earliest):
        return None
    return day
