"""Readable tables of a compliance evaluation for the 达标情况 page and its Excel workbook: quota
names in words, rates as percentages, one person's periods as ✓ / ✗ grids. Pure functions of an
`Evaluation`, so they are tested without a browser."""

from __future__ import annotations

import numpy as np
import pandas as pd

from learnhub.compliance import STATUSES, Evaluation
from learnhub.exports import to_xlsx_printable
from learnhub.i18n import translate
from learnhub.schemes import Quota

__all__ = [
    "compliance_workbook",
    "department_table",
    "grid_sheets",
    "people_table",
    "percent_columns",
    "person_grids",
    "quota_label",
]


def _t(lang: str, key: str, **params: object) -> str:
    return translate(key, lang, **params)


def _number(value: float) -> str:
    return f"{value:g}"


def quota_label(quota: Quota, lang: str) -> str:
    """「阅读 每日 ≥30 分钟」: what the quota asks, in words."""
    unit = "one" if quota.target == 1 else "many"
    return _t(
        lang,
        "compliance_page.quota.label",
        activity=_t(lang, f"points.activity.{quota.activity}"),
        cadence=_t(lang, f"compliance_page.cadence.{quota.cadence}"),
        target=_number(quota.target),
        unit=_t(lang, f"points.unit.{quota.activity}.{unit}"),
    )


def _percent(values: pd.Series) -> pd.Series:
    return (pd.to_numeric(values, errors="coerce") * 100).round(1)


def _judged(evaluation: Evaluation) -> list[Quota]:
    """The quotas with a period in the span (a quarterly quota outside a quarter's last month
    has none and no rate)."""
    return [result.quota for result in evaluation.quotas if result.periods]


def department_table(evaluation: Evaluation, lang: str) -> pd.DataFrame:
    """名次, 科室, 人数, 平均分, 全部达标比例 and each quota's share (percent)."""
    raw = evaluation.departments()
    out = pd.DataFrame(
        {
            _t(lang, "compliance_page.col_rank"): raw["rank"],
            _t(lang, "compliance_page.col_department"): raw["department"].replace(
                "", _t(lang, "compliance_page.no_department")
            ),
            _t(lang, "compliance_page.col_people"): raw["people"].astype(int),
            _t(lang, "compliance_page.col_average"): raw["average_score"],
            _t(lang, "compliance_page.col_all_kept"): _percent(raw["meeting_share"]),
        }
    )
    for quota in _judged(evaluation):
        share = _t(lang, "compliance_page.quota.share", quota=quota_label(quota, lang))
        out[share] = _percent(raw[f"share:{quota.key}"])
    return out


def people_table(
    evaluation: Evaluation, lang: str, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """工号, 姓名, 科室, 得分, 名次, 科室内名次, each quota's rate (percent), 达标项数 for the
    rows of `table` (Evaluation.table(), perhaps filtered; all of it by default)."""
    raw = evaluation.table() if table is None else table
    out = pd.DataFrame(
        {
            _t(lang, "compliance_page.col_username"): raw["username"].astype(str),
            _t(lang, "compliance_page.col_name"): raw["name"].astype(str),
            _t(lang, "compliance_page.col_department"): raw["department"].fillna(
                _t(lang, "compliance_page.no_department")
            ),
            _t(lang, "compliance_page.col_score"): raw["score"],
            _t(lang, "compliance_page.col_rank"): raw["rank"],
            _t(lang, "compliance_page.col_dept_rank"): raw["dept_rank"],
        }
    )
    for quota in _judged(evaluation):
        out[quota_label(quota, lang)] = _percent(raw[f"rate:{quota.key}"])
    out[_t(lang, "compliance_page.col_kept")] = raw["quotas_kept"].astype(int)
    return out.reset_index(drop=True)


def percent_columns(evaluation: Evaluation, lang: str, *, people: bool) -> list[str]:
    """The columns of department_table (people=False) or people_table holding percentages."""
    quotas = _judged(evaluation)
    if people:
        return [quota_label(q, lang) for q in quotas]
    return [_t(lang, "compliance_page.col_all_kept")] + [
        _t(lang, "compliance_page.quota.share", quota=quota_label(q, lang)) for q in quotas
    ]


def _short_period(label: str, cadence: str, lang: str) -> str:
    if cadence == "day":
        return label[5:]  # 2026-03-05 → 03-05
    if cadence == "week":
        return label.split("-")[-1]  # 2026-W10 → W10
    if cadence == "dekad":
        return _t(lang, f"compliance_page.dekad_{label[-1]}")
    return label


def person_grids(evaluation: Evaluation, person_id: int, lang: str) -> list[pd.DataFrame]:
    """One grid per cadence (quotas of one cadence share their periods): rows are the quotas,
    columns their periods, cells ✓ / ✗ / … / 免."""
    long = evaluation.grid(person_id)
    if long.empty:
        return []
    symbols = {status: _t(lang, f"compliance_page.symbol.{status}") for status in STATUSES}
    quotas = {q.key: q for q in _judged(evaluation)}
    grids: list[pd.DataFrame] = []
    for cadence in dict.fromkeys(q.cadence for q in quotas.values()):
        keys = [k for k, q in quotas.items() if q.cadence == cadence]
        part = long[long["quota"].isin(keys)]
        periods = list(dict.fromkeys(part["period"]))
        rows = {}
        for key in keys:
            mine = part[part["quota"] == key].set_index("period")["status"]
            rows[quota_label(quotas[key], lang)] = [symbols[mine[p]] for p in periods]
        columns = [_short_period(p, cadence, lang) for p in periods]
        grids.append(pd.DataFrame.from_dict(rows, orient="index", columns=columns))
    return grids


def grid_sheets(evaluation: Evaluation, lang: str) -> list[tuple[str, pd.DataFrame]]:
    """明细 for everyone, one sheet per cadence as a clerk reads it: a row per person and quota
    (工号, 姓名, 科室, 指标), a column per period, cells ✓ / ✗ / … / 免. Built from the status
    arrays directly: 10,000 people × a month is ~700,000 cells."""
    people = evaluation.people
    symbols = np.array([_t(lang, f"compliance_page.symbol.{status}") for status in STATUSES])
    columns = [_t(lang, f"compliance_page.col_{c}") for c in ("username", "name", "department")]
    who = pd.DataFrame(
        {
            columns[0]: people["username"].astype(str).to_numpy(),
            columns[1]: people["name"].astype(str).to_numpy(),
            columns[2]: people["department"]
            .fillna(_t(lang, "compliance_page.no_department"))
            .to_numpy(),
        }
    )
    quota_column = _t(lang, "compliance_page.excel.col_quota")
    by_cadence: dict[str, list[pd.DataFrame]] = {}
    for result in evaluation.quotas:
        if not result.periods:
            continue
        cadence = result.quota.cadence
        heads = [_short_period(p.label, cadence, lang) for p in result.periods]
        cells = pd.DataFrame(symbols[result.status], columns=heads)
        frame = pd.concat([who.assign(**{quota_column: quota_label(result.quota, lang)}), cells],
                          axis=1)  # fmt: skip
        by_cadence.setdefault(cadence, []).append(frame)
    sheets = []
    for cadence, frames in by_cadence.items():
        label = _t(lang, f"compliance_page.cadence.{cadence}")
        name = _t(lang, "compliance_page.excel.sheet_grid_cadence", cadence=label)
        sheets.append((name, pd.concat(frames, ignore_index=True)))
    return sheets


def _for_excel(frame: pd.DataFrame, percent: list[str], lang: str) -> pd.DataFrame:
    """Percent columns say so in their heading (Excel shows the bare numbers)."""
    names = {c: _t(lang, "compliance_page.quota.percent", column=c) for c in percent}
    return frame.rename(columns=names)


def compliance_workbook(evaluation: Evaluation, lang: str) -> bytes:
    """科室, 人员 and 明细 in one workbook."""
    return to_xlsx_printable(
        [
            (
                _t(lang, "compliance_page.excel.sheet_departments"),
                _for_excel(
                    department_table(evaluation, lang),
                    percent_columns(evaluation, lang, people=False),
                    lang,
                ),
            ),
            (
                _t(lang, "compliance_page.excel.sheet_people"),
                _for_excel(
                    people_table(evaluation, lang),
                    percent_columns(evaluation, lang, people=True),
                    lang,
                ),
            ),
            *grid_sheets(evaluation, lang),
        ]
    )
