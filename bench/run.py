"""How much Thin Slice adds to what its pieces cost at the size of issue 7, as ratios.

    python bench/run.py [--quick] [--postgres URL]

Each figure times ours and its floor side by side in one run: the same data, the same
machine, the same moment, measured in turns (ours, floor, ours, floor, …) so that
whatever else the shared machine is doing weighs on both, and reports the medians.
Absolute seconds depend on the machine and its load; the ratio is what to watch,
and the load average is printed at the start and the end for that reason.

| figure | ours | floor | target |
|---|---|---|---|
| home page | a rerun of app.py (AppTest) | the same rows into pandas with one query | ≤ 2 |
| client page | a rerun of pages/client.py, 24 assessments | bench/floor_chart.py: its chart alone | ≤ 1.5 |
| csv export | services.transfer.assessments_csv | pandas to_csv of the same frame | ≤ 1.5 |
| rescore | scoring.batch.rescore after a rubric change | a NumPy matrix product | ≤ 5 |
| screen click | the submit on the screen page, full data | the same click, empty database | ≤ 1.2 |
| cold browser load | home page to script finished | bench/floor_app.py, same server setup | ≤ 1.5 |
| memory | server RSS with 10 sessions on the home page | – | ≤ 600 MB |

The data is bench/generate.py's: 2,000 clients with 24 assessments each (48,000
assessments) in a scratch database, a SQLite file in a temp dir or, with
`--postgres URL` (a role that may create databases), a scratch PostgreSQL database
dropped at the end.

The full run exits 1 when a figure misses its target. `--quick` (200 clients, fewer
repetitions, 2 browser sessions for memory) proves the harness works in under a
minute; its ratios are reported, never enforced, and it always exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import logging
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from bench.browser_figures import HOME_TITLE, cold_browser_load, memory
from bench.generate import generate
from bench.measure import Figure, Measure, Setup, compare, secs, timed
from bench.servers import (
    REPO_ROOT,
)
from scoring import Answer, Rubric, Verdict, batch, default_rubric
from services.transfer import assessments_csv
from storage import ENV_VAR, make_engine, open_repository
from storage.schema import accounts, assessments

APP = str(REPO_ROOT / "app.py")
FLOOR_CHART = str(REPO_ROOT / "bench" / "floor_chart.py")
SUBMIT = "FormSubmitter:screen-form-new-Get the verdict"
# Bounds on every wait: generous, so a slow machine reports slow figures instead of timeouts.
APPTEST_TIMEOUT_S = 600
RUBRIC = default_rubric()
# AppTest drives pages from this thread, which Streamlit warns about on every run ("missing
# ScriptRunContext ... can be ignored"); the report is easier to read without them. A filter,
# not a level: Streamlit resets its loggers' levels when it reads its config.
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
    lambda record: "missing ScriptRunContext" not in str(record.msg)
)

# --- the figures -------------------------------------------------------------------------------


def _use(url: str) -> None:
    """AppTest runs the app in this process: the shell reads the database URL from the environment."""
    os.environ[ENV_VAR] = url


def _rerun(at: AppTest, url: str) -> Measure:
    def measure() -> float:
        _use(url)
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(f"the page failed: {at.exception[0].message}")
        return elapsed

    return measure


def home_page(setup: Setup) -> Figure:
    """A script run of app.py once its caches are warm (the first run, which fills them, is info)."""
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    first = _rerun(at, setup.full_url)()
    if not any(HOME_TITLE in str(t.value) for t in at.title):
        raise RuntimeError("the home page did not draw its title")
    engine = make_engine(setup.full_url)
    query = text(
        "SELECT ac.id, ac.name, ac.company, ac.stage, ac.deal_value, ac.signed_on, ac.ended_on, ac.outcome,"
        " ac.updated_at, a.id AS assessment_id, a.kind, a.taken_on, a.gut, a.answers, a.signals,"
        " a.rubric_key, a.rubric_version"
        " FROM accounts ac JOIN assessments a ON a.account_id = ac.id ORDER BY ac.id, a.taken_on, a.id"
    )

    def load() -> None:
        with engine.connect() as conn:
            pd.read_sql(query, conn)

    try:
        return compare(
            "home page", _rerun(at, setup.full_url), timed(load), 2, setup.repeats,
            info=f"first run of app.py (cold caches): {secs(first)} s",
        )  # fmt: skip
    finally:
        engine.dispose()


def client_page(setup: Setup) -> Figure:
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.switch_page("pages/client.py")
    at.query_params["account"] = str(setup.client_id)
    first = _rerun(at, setup.full_url)()
    if [t.value for t in at.title][:1] != [setup.client_name]:
        raise RuntimeError(f"the client page did not open {setup.client_name}")
    floor = AppTest.from_file(FLOOR_CHART, default_timeout=APPTEST_TIMEOUT_S)
    _rerun(floor, setup.full_url)()
    return compare(
        "client page", _rerun(at, setup.full_url), _rerun(floor, setup.full_url), 1.5, setup.repeats,
        info=f"{setup.client_name}, 24 assessments; first run {secs(first)} s",
    )  # fmt: skip


def csv_export(setup: Setup) -> Figure:
    repo = open_repository(setup.full_url)
    today = dt.date.today()
    exported = assessments_csv(repo, RUBRIC, today)
    frame = pd.read_csv(io.StringIO(exported.lstrip("\ufeff")))
    repeats = max(setup.repeats // 2, 2)  # the export is the slowest figure; fewer turns suffice
    try:
        return compare(
            "csv export",
            timed(lambda: assessments_csv(repo, RUBRIC, today)),
            timed(lambda: frame.to_csv(index=False)),
            1.5,
            repeats,
            info=f"{len(frame)} rows, {len(frame.columns)} columns, {len(exported) / 1e6:.1f} MB",
        )
    finally:
        repo.close()


def _changed_rubric(rubric: Rubric) -> Rubric:
    """The rubric change that forces a rescore: payment weighs double, the threshold drops to 75."""
    data = rubric.model_dump(mode="json")
    data["version"] += 1
    data["verdict"]["threshold"] = 75
    for dim in data["dimensions"]:
        if dim["key"] == "payment":
            dim["weight"] = 2.0
    return Rubric.model_validate(data)


def rescore(setup: Setup) -> Figure:
    """Scores and verdicts of every stored assessment under a changed rubric, from the answer points
    in memory (reading them is the home page's and the export's business), 20 calls a turn."""
    engine = make_engine(setup.full_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(select(assessments.c.answers)).scalars().all()
    finally:
        engine.dispose()
    changed = _changed_rubric(RUBRIC)
    points = batch.points_matrix(changed, stored)
    weights = np.array([d.weight for d in changed.dimensions])
    calls = 20
    floor = timed(lambda: points @ weights, calls)
    ours = timed(lambda: batch.rescore(points, changed), calls)
    info = f"scoring.batch.rescore, {len(points)} assessments"
    return compare("rescore", ours, floor, 5, setup.repeats, info)


def screen_click(setup: Setup) -> Figure:
    """The submit of a new prospect's screen: it saves and shows the verdict. Each turn opens the
    page in a fresh AppTest session (unmeasured) and fills the form, then times the click alone."""
    made = iter(range(1, 10_000))

    def click(url: str) -> Measure:
        def measure() -> float:
            _use(url)
            at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
            at.switch_page("pages/screen.py").run()
            at.text_input(key="screen.new.name").input(f"Bench click {next(made):04d}")
            at.segmented_control(key="screen.new.gut").set_value(Verdict.HELL_YES)
            for key in RUBRIC.keys:
                at.segmented_control(key=f"screen.new.q.{key}").set_value(Answer.YES)
            started = time.perf_counter()
            at.button(key=SUBMIT).click().run()
            elapsed = time.perf_counter() - started
            if at.exception or not at.query_params.get("done"):
                raise RuntimeError("the screen was not saved")
            return elapsed

        return measure

    click(setup.full_url)()
    click(setup.empty_url)()
    return compare(
        "screen click", click(setup.full_url), click(setup.empty_url), 1.2, setup.repeats,
        info="a fresh session each turn; each click stores a prospect",
    )  # fmt: skip


# --- browser figures ---------------------------------------------------------------------------


# --- the run -----------------------------------------------------------------------------------


@contextmanager
def scratch_databases(postgres: str | None, folder: Path) -> Iterator[tuple[str, str]]:
    """Two empty databases, (full, empty): SQLite files in `folder`, or PostgreSQL databases of
    their own on the server `postgres` points at, dropped afterwards."""
    if postgres is None:
        yield f"sqlite:///{folder / 'full.db'}", f"sqlite:///{folder / 'empty.db'}"
        return
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    names = [f"thinslice_bench_{uuid.uuid4().hex[:12]}_{what}" for what in ("full", "empty")]
    try:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        full, empty = (
            make_url(postgres).set(database=n).render_as_string(hide_password=False) for n in names
        )
        yield full, empty
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _a_client(url: str) -> tuple[int, str]:
    """The first client still under contract: a baseline and 23 check-ins, like every client here."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                select(accounts.c.id, accounts.c.name)
                .where(accounts.c.stage == "client", accounts.c.ended_on.is_(None))
                .order_by(accounts.c.id)
                .limit(1)
            ).one()
    finally:
        engine.dispose()
    return int(row.id), str(row.name)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, few turns; report, never fail")
    parser.add_argument(
        "--postgres", metavar="URL", help="PostgreSQL server (a role that may create databases)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    clients = 200 if args.quick else 2000
    print(f"load average at start: {_load()}")
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="thinslice-bench-")))
        full, empty = stack.enter_context(scratch_databases(args.postgres, folder))
        generated = time.perf_counter()
        counts = generate(full, accounts=clients, checkins=24)
        open_repository(empty).close()
        print(
            f"data: {counts.accounts} clients, {counts.assessments} assessments, {counts.answers} answers on "
            f"{make_url(full).get_backend_name()} (generated in {time.perf_counter() - generated:.1f} s)"
        )
        client_id, client_name = _a_client(full)
        setup = Setup(
            full, empty, repeats=3 if args.quick else 7, sessions=2 if args.quick else 10,
            client_id=client_id, client_name=client_name,
        )  # fmt: skip
        if args.quick:
            print("quick mode: 200 clients, 3 turns a figure (csv export 2), 2 browser sessions for memory")
        # The screen click writes, so it comes after every figure that reads all the rows.
        steps: list[Callable[[], list[Figure]]] = [
            lambda: [home_page(setup)],
            lambda: [client_page(setup)],
            lambda: [csv_export(setup)],
            lambda: [rescore(setup)],
            lambda: [screen_click(setup)],
            lambda: [cold_browser_load(setup, folder)],
            lambda: [memory(setup, folder)],
        ]
        figures: list[Figure] = []
        for step in steps:
            for figure in step():
                print(figure.line(), flush=True)
                figures.append(figure)
    missed = [f.name for f in figures if not f.met]
    print(f"load average at end: {_load()}")
    print(
        f"{len(figures) - len(missed)} of {len(figures)} figures met their targets"
        + (f"; missed: {', '.join(missed)}" if missed else "")
        + f" ({time.perf_counter() - started:.0f} s)"
    )
    if args.quick:
        print("quick mode: targets reported, not enforced")
        return 0
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
