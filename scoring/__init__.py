"""Thin Slice's domain: rubrics, answers, verdicts. Imports no framework and no database."""

from scoring.csvcodec import HeaderError, Row, RowError, read_rows, write_rows
from scoring.models import (
    NAME_MAX,
    AccountDraft,
    Answer,
    Assessment,
    Blocker,
    Change,
    Dimension,
    Kind,
    Result,
    Rubric,
    Stage,
    Verdict,
    VerdictRules,
    format_score,
)
from scoring.rubric import DEFAULT_RUBRIC_PATH, RubricError, default_rubric, load_rubric, parse_rubric
from scoring.verdict import AnswerError, check_answers, evaluate, evaluate_assessment, score

__all__ = [
    "DEFAULT_RUBRIC_PATH",
    "NAME_MAX",
    "AccountDraft",
    "Answer",
    "AnswerError",
    "Assessment",
    "Blocker",
    "Change",
    "Dimension",
    "HeaderError",
    "Kind",
    "Result",
    "Row",
    "RowError",
    "Rubric",
    "RubricError",
    "Stage",
    "Verdict",
    "VerdictRules",
    "check_answers",
    "default_rubric",
    "evaluate",
    "evaluate_assessment",
    "format_score",
    "load_rubric",
    "parse_rubric",
    "read_rows",
    "score",
    "write_rows",
]
