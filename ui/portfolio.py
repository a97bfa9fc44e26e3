"""The portfolio as a table: one row per account, newest verdict, alerts first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from scoring import Result, Rubric, Verdict, format_score
from scoring.alerts import Alert, prospect_alerts
from storage import AccountOverview, Repository
from ui.scorecard import result_of
from ui.text import md_escape


@dataclass(frozen=True)
class Line:
    overview: AccountOverview
    result: Result | None
    alerts: list[Alert]


def portfolio(repo: Repository, rubric: Rubric, today: dt.date | None = None) -> list[Line]:
    today = today or dt.date.today()
    lines = []
    for item in repo.overview():
        if item.latest is None:
            lines.append(Line(item, None, []))
            continue
        result = result_of(rubric, item.latest)
        alerts = prospect_alerts(rubric, result, item.latest.assessment.taken_on, today)
        lines.append(Line(item, result, sorted(alerts, key=lambda a: a.severity)))

    def urgency(line: Line) -> tuple[int, int, float]:
        first = min((a.severity for a in line.alerts), default=99)
        verdict = 0 if line.result and line.result.verdict is Verdict.HELL_NO else 1
        return (first, verdict, -(line.overview.latest.id if line.overview.latest else 0))

    return sorted(lines, key=urgency)


def frame(lines: list[Line], today: dt.date | None = None) -> pd.DataFrame:
    today = today or dt.date.today()
    rows = []
    for line in lines:
        latest = line.overview.latest
        result = line.result
        rows.append(
            {
                "id": line.overview.account.id,
                "Name": line.overview.account.name,
                "Company": line.overview.account.company,
                "Stage": line.overview.account.stage.value,
                "Verdict": result.verdict.label if result else "not screened",
                "Score": float(format_score(result.score)) if result else None,
                "Gut": result.gut.label if result and result.gut else "",
                "Gut agreed": result.gut_agrees if result else None,
                "Screened": latest.assessment.taken_on if latest else None,
                "Days ago": (today - latest.assessment.taken_on).days if latest else None,
                "Deal (€)": line.overview.account.deal_value,
                "Screens": line.overview.assessment_count,
                "Alert": line.alerts[0].message if line.alerts else "",
            }
        )
    return pd.DataFrame(rows)


COLUMNS = {
    "id": None,
    "Score": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f", width="small"),
    "Screened": st.column_config.DateColumn(format="YYYY-MM-DD"),
    "Gut agreed": st.column_config.CheckboxColumn(width="small"),
    "Deal (€)": st.column_config.NumberColumn(format="€ %.0f"),
    "Days ago": st.column_config.NumberColumn(width="small"),
    "Screens": st.column_config.NumberColumn(width="small"),
    "Alert": st.column_config.TextColumn(width="large"),
}


def alert_list(lines: list[Line]) -> int:
    """Each alert on its own line, the most urgent first. Returns how many were shown."""
    flagged = [(alert, line) for line in lines for alert in line.alerts]
    flagged.sort(key=lambda pair: pair[0].severity)
    for alert, line in flagged:
        icon = ":material/block:" if alert.severity == 0 else ":material/warning:"
        text = f"**{md_escape(line.overview.account.name)}** — {md_escape(alert.message)}"
        if alert.severity == 0:
            st.error(text, icon=icon)
        else:
            st.warning(text, icon=icon)
    return len(flagged)


def selectable_table(lines: list[Line], key: str) -> int | None:
    """The portfolio table; returns the account id of the row the person clicked, if any."""
    data = frame(lines)
    event = st.dataframe(
        data,
        hide_index=True,
        column_config=COLUMNS,
        on_select="rerun",
        selection_mode="single-row",
        key=key,
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        return int(data.iloc[rows[0]]["id"])
    return None
