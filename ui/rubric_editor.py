"""The Rubric page: the rubric in use, an editor with a what-if, its versions, and its file.

The edit in progress lives in the session (`ui.rubric_draft`) and is rebuilt from the widgets on
every run, so the what-if follows each change. Widgets are keyed by a generation: loading another
rubric into the editor (a suggestion, an import, a restore, a discard) starts a new generation,
whose widgets start from that rubric.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from i18n import _, current_language, format_date, lazy_gettext
from scoring import Answer, Rubric, RubricError
from scoring.models import Dimension, Localized
from scoring.playbooks import playbooks_for
from scoring.rubric import rubric_from_data
from scoring.rubric_file import RULE_LABELS, differences
from services import rubrics
from services.store import Repository, StorageError
from ui import rubric_draft
from ui.language import owner
from ui.text import md_escape
from ui.what_if_view import what_if_view

_GEN = "ts-rubric-gen"
_BASE = "ts-rubric-base"
_SAVED = "ts-rubric-saved"

#: The answers a floor or knockout level can be (hell yes would let nothing through).
_LEVELS = (Answer.HELL_NO, Answer.NO, Answer.UNSURE, Answer.YES)
#: The status rules, in the order the editor shows them, with their steps.
_STATUS_FIELDS: tuple[tuple[str, float], ...] = (
    ("cadence_days", 1),
    ("stale_after_days", 1),
    ("watch_score_drop", 1),
    ("watch_steps_below_baseline", 1),
    ("let_go_hell_no_streak", 1),
    ("let_go_below_baseline", 1),
    ("review_falls_in_a_row", 1),
    ("review_contradiction_steps", 1),
    ("slowing_in_a_row", 1),
    ("slowing_average_days", 1),
)
_TEXTS = ("prospect", "client", "hint")
_TEXT_LABELS = {
    "prospect": lazy_gettext("Question at the screen"),
    "client": lazy_gettext("Question at a check-in"),
    "hint": lazy_gettext("Hint"),
}


def rubric_page(repo: Repository, current: Rubric, today: dt.date) -> None:
    saved = st.session_state.pop(_SAVED, None)
    if saved is not None:
        st.success(saved, icon=":material/check_circle:")
    edit, history, file = st.tabs([_("Edit"), _("Versions"), _("File")])
    with edit:
        _editor(repo, current, today)
    with history:
        _versions(repo, current)
    with file:
        _file(repo, current)


# --- the editor -------------------------------------------------------------------------------


def _generation(current: Rubric) -> tuple[int, Rubric]:
    """This run's generation and the rubric its widgets start from."""
    gen = int(st.session_state.get(_GEN, 0))
    base = st.session_state.get(_BASE)
    held = rubric_draft.draft()
    wanted = held.rubric if held is not None else current
    # Widgets of this generation gone (the person was on another page) or never made: start again
    # from the edit in progress, so nothing typed is lost and nothing stale is shown. Nothing
    # edited while someone saved another version: start again from that one.
    gone = _key(gen, "threshold") not in st.session_state
    if not isinstance(base, Rubric) or ((gone or held is None) and base != wanted):
        gen += 1
        base = wanted
        st.session_state[_GEN] = gen
        st.session_state[_BASE] = base
    return gen, base


def restart(rubric: Rubric | None, why: str = "") -> None:
    """Load `rubric` into the editor (None: the rubric in use), dropping the widgets' state."""
    if rubric is None:
        rubric_draft.drop()
    else:
        rubric_draft.keep(rubric, why)
    st.session_state.pop(_BASE, None)
    st.session_state[_GEN] = int(st.session_state.get(_GEN, 0)) + 1


def _key(gen: int, name: str) -> str:
    return f"ts-rubric-{gen}-{name}"


def _editor(repo: Repository, current: Rubric, today: dt.date) -> None:
    gen, base = _generation(current)
    held = rubric_draft.draft()
    if held is not None and held.why:
        st.info(md_escape(held.why), icon=":material/lightbulb:")
    if base.version != current.version:
        st.warning(
            _(
                "Version {number} was saved since this edit started from version {old}. Check what "
                "changes against it before you save, or discard the edit."
            ).format(number=current.version, old=base.version),
            icon=":material/sync_problem:",
        )
    st.caption(
        _(
            "Change what you like: beside the form (below it on a phone) you see what would change, "
            "and how many prospects and clients it would move, before anything is saved. Every save "
            "is a new version; older versions stay, and any of them can be restored."
        )
    )
    form, preview = st.columns([4, 3], gap="large")
    with form:
        values = _rules(gen, base)
        typed = _dimensions(gen, base)
        _add_form(gen, base)
    with preview:
        _preview(repo, current, today, base, _data(base, values, typed), gen)


def _preview(
    repo: Repository, current: Rubric, today: dt.date, base: Rubric, data: dict[str, Any], gen: int
) -> None:
    """The edit checked, its shares of the score, what it changes and moves, and its save."""
    held = rubric_draft.draft()
    try:
        edited = rubric_from_data(data, _("Your edit"))
    except RubricError as exc:
        _problems(exc.problems)
        return
    problems = rubrics.check(current, edited)
    if problems:
        _problems(problems)
        return
    _summary(edited)
    changed = differences(current, edited)
    if not changed:
        if held is not None and base == current:
            rubric_draft.drop()
        st.caption(
            _("No changes yet: this is version {number}, the rubric in use.").format(number=current.version)
        )
        return
    rubric_draft.keep(edited, held.why if held is not None else "")
    st.markdown("#### " + _("What changes"))
    st.markdown("\n".join(f"- {md_escape(str(line))}" for line in changed))
    st.markdown("#### " + _("What if you save it"))
    what_if_view(repo, current, edited, today)
    _save_form(repo, current, edited, gen)


def _problems(lines: list[str]) -> None:
    st.error(
        _("This rubric cannot be used yet; nothing is saved:")
        + "\n"
        + "\n".join(f"- {md_escape(line)}" for line in lines),
        icon=":material/error:",
    )


def _rules(gen: int, base: Rubric) -> dict[str, Any]:
    st.markdown("#### " + _("Verdict"))
    left, middle, right = st.columns(3)
    threshold = left.number_input(
        str(RULE_LABELS["verdict.threshold"].label),
        min_value=0.0,
        max_value=100.0,
        value=float(base.verdict.threshold),
        step=1.0,
        format="%g",
        key=_key(gen, "threshold"),
        help=str(RULE_LABELS["verdict.threshold"].help),
    )
    floors: list[Answer | None] = [None, *_LEVELS]
    floor = middle.selectbox(
        str(RULE_LABELS["verdict.floor"].label),
        floors,
        index=floors.index(base.verdict.floor),
        format_func=lambda a: _("No floor") if a is None else a.label,
        key=_key(gen, "floor"),
        help=str(RULE_LABELS["verdict.floor"].help),
    )
    knockout_at = right.selectbox(
        str(RULE_LABELS["verdict.knockout_at"].label),
        _LEVELS,
        index=_LEVELS.index(base.verdict.knockout_at),
        format_func=lambda a: a.label,
        key=_key(gen, "knockout_at"),
        help=str(RULE_LABELS["verdict.knockout_at"].help),
    )
    status: dict[str, float] = {}
    with st.expander(_("Client status rules"), icon=":material/monitor_heart:"):
        columns = st.columns(2)
        for i, (name, step) in enumerate(_STATUS_FIELDS):
            field = type(base.status).model_fields[name]
            whole = field.annotation is int or "int" in str(field.annotation)
            shown = getattr(base.status, name)
            status[name] = columns[i % 2].number_input(
                str(RULE_LABELS[f"status.{name}"].label),
                value=int(shown) if whole else float(shown),
                step=int(step) if whole else float(step),
                key=_key(gen, name),
                help=str(RULE_LABELS[f"status.{name}"].help),
            )
    return {"threshold": threshold, "floor": floor, "knockout_at": knockout_at, "status": status}


def _reasons(rubric: Rubric) -> dict[str, str]:
    """Every reason a dimension may name, by key: the built-in ones and the rubric's own."""
    return {key: book.title for key, book in playbooks_for(rubric).items()}


def _dimensions(gen: int, base: Rubric) -> dict[str, dict[str, Any]]:
    """Each dimension's fields as the widgets hold them, by key, in the rubric's order."""
    st.markdown("#### " + _("Dimensions"))
    st.caption(
        _(
            "Weight: how much a dimension counts in the score, against the others. Knockout: an answer "
            "at or below the knockout level makes it a hell no. Switch off Asked to retire a dimension: "
            "it is no longer asked, and older answers to it stay stored."
        )
    )
    reasons = _reasons(base)
    found: dict[str, dict[str, Any]] = {}
    for asked, dims in ((True, base.dimensions), (False, base.retired)):
        for dim in dims:
            found[dim.key] = _dimension(gen, dim, asked, reasons)
    return found


def _summary(rubric: Rubric) -> None:
    """The dimensions at a glance, as edited: each one's share of the score, knockouts marked."""
    total = sum(d.weight for d in rubric.dimensions)
    rows = [
        {
            "dimension": _("{dimension} (knockout)").format(dimension=d.label) if d.knockout else d.label,
            "share": 100 * d.weight / total,
        }
        for d in rubric.dimensions
    ]
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            # Widths in pixels: both fit the narrow column beside the editor, in either language.
            "dimension": st.column_config.TextColumn(_("Dimension"), width=170),
            "share": st.column_config.ProgressColumn(
                _("Share of the score"), min_value=0.0, max_value=100.0, format="%.0f%%", width=120
            ),
        },
    )


def _dimension(gen: int, dim: Dimension, asked: bool, reasons: Mapping[str, str]) -> dict[str, Any]:
    title = dim.label if asked else _("{label} (retired)").format(label=dim.label)
    with st.expander(md_escape(title), key=_key(gen, f"{dim.key}-open")):
        st.caption(_("Key: {key}").format(key=dim.key))
        left, middle, right = st.columns(3)
        values: dict[str, Any] = {
            "asked": left.toggle(_("Asked"), value=asked, key=_key(gen, f"{dim.key}-asked")),
            "knockout": middle.toggle(
                _("Knockout"), value=dim.knockout, key=_key(gen, f"{dim.key}-knockout")
            ),
            "weight": right.number_input(
                _("Weight"),
                min_value=0.1,
                max_value=100.0,
                value=float(dim.weight),
                step=0.5,
                format="%g",
                key=_key(gen, f"{dim.key}-weight"),
            ),
            "label": st.text_input(
                _("Dimension"), value=dim.label, max_chars=60, key=_key(gen, f"{dim.key}-label")
            ),
        }
        options = list(reasons) if dim.reason in reasons or dim.reason is None else [dim.reason, *reasons]
        values["reason"] = st.selectbox(
            _("Reason to let go"),
            options,
            index=options.index(dim.reason) if dim.reason in options else 0,
            format_func=lambda k: reasons.get(k, k),
            key=_key(gen, f"{dim.key}-reason"),
            help=_("Which let-go playbook applies when this dimension is the one that fails."),
        )
        for name in _TEXTS:
            values[name] = st.text_area(
                str(_TEXT_LABELS[name]),
                value=getattr(dim, name),
                key=_key(gen, f"{dim.key}-{name}"),
                height=68,
            )
    return values


def _localized(old: Localized, typed: str) -> Localized:
    """`old` with the current language's text replaced by `typed` (unchanged: `old` itself)."""
    language = current_language()
    if typed == old.text(language):
        return old
    if language == "nl":
        return Localized(en=old.en, nl=typed)
    return Localized(en=typed, nl=old.nl)


def _data(base: Rubric, values: Mapping[str, Any], typed: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The edit as the data of a rubric file (checked by `rubric_from_data`)."""
    asked: list[dict[str, Any]] = []
    retired: list[dict[str, Any]] = []
    for dim in (*base.dimensions, *base.retired):
        these = typed[dim.key]
        data = dim.model_dump(mode="json", by_alias=True)
        data.update(
            label=_localized(dim.label_text, str(these["label"]).strip()).model_dump(exclude_none=True),
            prospect=_localized(dim.prospect_text, these["prospect"]).model_dump(exclude_none=True),
            client=_localized(dim.client_text, these["client"]).model_dump(exclude_none=True),
            hint=_localized(dim.hint_text, these["hint"]).model_dump(exclude_none=True),
            weight=these["weight"],
            knockout=bool(these["knockout"]),
            reason=these["reason"],
        )
        (asked if these["asked"] else retired).append(data)
    data = base.model_dump(mode="json", by_alias=True)
    data["verdict"] = {
        "threshold": values["threshold"],
        "floor": None if values["floor"] is None else values["floor"].value,
        "knockout_at": values["knockout_at"].value,
    }
    data["status"] = dict(values["status"])
    data["dimensions"] = asked
    data["retired"] = retired
    return data


def _add_form(gen: int, base: Rubric) -> None:
    with st.expander(_("Add a dimension"), icon=":material/add:"):
        reasons = _reasons(base)
        with st.form(_key(gen, "add"), clear_on_submit=False, border=False):
            key = st.text_input(
                _("Key"),
                max_chars=40,
                help=_(
                    "Lower case letters, digits and _; starts with a letter. It becomes the dimension's "
                    "column in files, added at the end, and never changes."
                ),
            )
            label = st.text_input(_("Dimension"), max_chars=60)
            prospect = st.text_area(str(_TEXT_LABELS["prospect"]), height=68)
            client = st.text_area(str(_TEXT_LABELS["client"]), height=68)
            hint = st.text_area(str(_TEXT_LABELS["hint"]), height=68)
            left, right = st.columns(2)
            weight = left.number_input(_("Weight"), min_value=0.1, max_value=100.0, value=1.0, step=0.1)
            reason = right.selectbox(_("Reason to let go"), list(reasons), format_func=lambda k: reasons[k])
            st.caption(
                _(
                    "Or a reason of your own, with its own playbook: fill in its title, why it matters and "
                    "its steps (one a line), and it is used instead of the one chosen above."
                )
            )
            title = st.text_input(_("Title of your reason"), max_chars=60)
            why = st.text_area(_("Why it is a reason to let go"), height=68)
            steps = st.text_area(_("Steps, one a line"), height=100)
            added = st.form_submit_button(_("Add to the edit"), icon=":material/add:")
    if not added:
        return
    taken = {d.key for d in (*base.dimensions, *base.retired)}
    if key.strip() in taken:
        st.error(
            _("The key {key} is taken: every key a rubric ever asked stays its own.").format(
                key=md_escape(key.strip())
            )
        )
        return
    data = base.model_dump(mode="json", by_alias=True)
    if title.strip():  # a reason of their own: its key made from its title
        reason = _reason_key(title, set(reasons))
        written = [line.strip() for line in steps.splitlines() if line.strip()]
        data["reasons"] = [
            *data.get("reasons", []),
            {"key": reason, "title": title, "why": why, "steps": written},
        ]
    fields = {
        "key": key.strip(),
        "label": label,
        "prospect": prospect,
        "client": client,
        "hint": hint,
        "weight": weight,
        "reason": reason,
    }
    data["dimensions"] = [*data["dimensions"], fields]
    try:
        grown = rubric_from_data(data, _("the new dimension"))
    except RubricError as exc:
        _problems(exc.problems)
        return
    # The widgets of this generation hold the edits so far: keep them, then start again with the new one.
    held = rubric_draft.draft()
    start = held.rubric if held is not None else base
    new_dim = grown.dimension(key.strip())
    grown_reasons = (
        *start.reasons,
        *(r for r in grown.reasons if r.key not in {o.key for o in start.reasons}),
    )
    restart(
        start.model_copy(update={"dimensions": (*start.dimensions, new_dim), "reasons": grown_reasons}),
        held.why if held else "",
    )
    st.rerun()


def _reason_key(title: str, taken: set[str]) -> str:
    """A reason's key made from its title ("Slow to decide" → "slow_to_decide"), not one taken."""
    words = re.sub(r"[^a-z0-9]+", "_", title.casefold()).strip("_")
    stem = (words if words[:1].isalpha() else f"reason_{words}")[:36].rstrip("_") or "reason"
    key, n = stem, 2
    while key in taken:
        key, n = f"{stem}_{n}", n + 1
    return key


def _save_form(repo: Repository, current: Rubric, edited: Rubric, gen: int) -> None:
    with st.form(_key(gen, "save"), border=True):
        reason = st.text_input(
            _("Why this change (one line, kept with the version)"),
            max_chars=rubrics.REASON_MAX,
            placeholder=_("e.g. late payers hurt us more than we thought"),
        )
        save = st.form_submit_button(
            _("Save as version {number}").format(number=current.version + 1),
            type="primary",
            icon=":material/save:",
            width="stretch",
        )
        discard = st.form_submit_button(_("Discard the edit"), icon=":material/undo:", width="stretch")
    if discard:
        restart(None)
        st.rerun()
    if not save:
        return
    try:
        saved = rubrics.save(repo, edited, based_on=current.version, saved_by=owner(), reason=reason)
    except RubricError as exc:
        _problems(exc.problems)
        return
    except rubrics.Unchanged as exc:
        st.info(str(exc))
        return
    except rubrics.VersionTaken as exc:
        st.warning(
            _(
                "Someone saved version {number} while you were editing. Your edit is kept: look at what "
                "it changes against the new version, then save again."
            ).format(number=exc.latest)
        )
        return
    except StorageError as exc:
        st.error(_("The rubric could not be saved: {problem}").format(problem=exc))
        return
    restart(None)
    st.session_state[_SAVED] = _("Saved as version {number}. Every page now scores with it.").format(
        number=saved.number
    )
    st.rerun()


# --- versions ---------------------------------------------------------------------------------


def _versions(repo: Repository, current: Rubric) -> None:
    found = rubrics.versions(repo)
    rows = [
        {
            "version": v.number,
            "saved": format_date(v.saved_at.date()) if v.saved_at is not None else _("built in"),
            "by": v.saved_by or "–",
            "why": v.reason,
            "in use": v.number == current.version,
        }
        for v in found
    ]
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "version": st.column_config.NumberColumn(_("Version"), width="small"),
            "saved": st.column_config.TextColumn(_("Saved")),
            "by": st.column_config.TextColumn(_("By")),
            "why": st.column_config.TextColumn(_("Why")),
            "in use": st.column_config.CheckboxColumn(_("In use"), width="small"),
        },
    )
    if len(found) < 2:
        st.caption(_("Only the built-in version so far: save an edit and it is listed here."))
        return
    numbers = [v.number for v in found]
    left, right = st.columns(2)
    old = left.selectbox(_("Compare version"), numbers, index=1, key="ts-rubric-compare-old")
    new = right.selectbox(_("with version"), numbers, index=0, key="ts-rubric-compare-new")
    one, other = (rubrics.version(repo, n).rubric for n in (old, new))
    changed = differences(one, other)
    if changed:
        st.markdown("\n".join(f"- {md_escape(str(line))}" for line in changed))
    else:
        st.caption(_("These two versions score alike."))
    if old != current.version and st.button(
        _("Restore version {number}").format(number=old),
        icon=":material/history:",
        help=_("Saves version {number}'s rubric again as a new version; nothing is overwritten.").format(
            number=old
        ),
        key="ts-rubric-restore",
    ):
        try:
            saved = rubrics.restore(repo, old, saved_by=owner())
        except (rubrics.Unchanged, rubrics.VersionTaken, RubricError, StorageError, LookupError) as exc:
            st.warning(str(exc))
            return
        restart(None)
        st.session_state[_SAVED] = _("Version {old} restored as version {number}.").format(
            old=old, number=saved.number
        )
        st.rerun()


# --- the file ---------------------------------------------------------------------------------


def _file(repo: Repository, current: Rubric) -> None:
    st.caption(
        _(
            "The rubric as a TOML file, in the format of Thin Slice's default rubric: keep it, share it, "
            "edit it in a text editor, or score a CSV with it (cli.py score FILE --rubric RUBRIC.toml)."
        )
    )
    text = rubrics.export_text(repo, current.version)
    st.download_button(
        _("Download version {number} (TOML)").format(number=current.version),
        data=text.encode("utf-8"),
        file_name=f"rubric-v{current.version}.toml",
        mime="application/toml",
        on_click="ignore",
        icon=":material/download:",
    )
    upload = st.file_uploader(_("Open a rubric file in the editor"), type=["toml"], key="ts-rubric-upload")
    if upload is None:
        return
    try:
        loaded = rubric_from_text(upload.getvalue(), upload.name)
    except RubricError as exc:
        _problems(exc.problems)
        return
    if st.button(_("Open {file} in the editor").format(file=upload.name), icon=":material/edit:"):
        restart(
            loaded.model_copy(update={"key": current.key, "version": current.version}),
            _("Opened from {file}: nothing is saved until you save it.").format(file=upload.name),
        )
        st.rerun()


def rubric_from_text(data: bytes, name: str) -> Rubric:
    """An uploaded rubric file read as `cli.py rubric import` reads one."""
    from scoring.rubric import parse_rubric

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RubricError(_("{file}: not a UTF-8 text file").format(file=name)) from None
    return parse_rubric(text, name)
