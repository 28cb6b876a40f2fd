"""The 竞赛方案 page through AppTest: the office sees the version in force and its history, edits a
new version with a preview of last month that saves nothing, saves it once from the month chosen;
refusals (weights, target, reason) store nothing; exemptions are added and removed; a campaign is
started for one department; a trainer and a staff member are refused; English is complete."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from conftest import Office
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest

from learnhub import attendance, exemptions, scheme_versions
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.schemes import DEFAULT_SCHEME_NAME, Quota, default_scheme
from learnhub.store import Store
from learnhub.ui import text as text_module
from learnhub.ui.text import LANGUAGE_KEY

NOW = datetime(2026, 4, 15, 10, 0)  # March is last month
OFFICE = frozenset({"office", "staff"})


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


def record(store: Store, person: int, day: date, kind: str) -> None:
    values = {"kind": kind, "title": "摘抄", "text": "好句子"}
    store.transaction(lambda cur: store.records.insert(cur, person, day, values))


def button(at: AppTest, key: str, lang: str = "zh"):  # type: ignore[no-untyped-def]
    label = translate(key, lang)
    return next(b for b in at.button if b.label == label)


def widget(items, key: str):  # type: ignore[no-untyped-def]
    label = translate(key)
    return next(w for w in items if w.label == label)


def versions(office: Office) -> list[tuple[int, date, str]]:
    return [
        (v.version, v.valid_from, v.reason)
        for v in scheme_versions.history(office.store, DEFAULT_SCHEME_NAME)
    ]


def opened(office: Office, person: int | None = None) -> AppTest:
    at = open_page("scheme_admin", office.store, person or office.office_id)
    assert not at.exception, at.exception
    return at


def edit_quotas(at: AppTest, edited: dict[int, dict[str, object]], **more: object) -> AppTest:
    editor = at.data_editor[0]
    at.session_state[editor.key] = {
        "edited_rows": edited,
        "added_rows": more.get("added", []),
        "deleted_rows": more.get("deleted", []),
    }
    return at.run()


def test_the_office_sees_the_version_in_force_and_its_history(app_office: Office) -> None:
    store = app_office.store
    later = replace(default_scheme(), valid_from=date(2026, 6, 1))
    scheme_versions.save_version(store, later, reason="六月起调整", actor_roles=OFFICE,
                                 today=NOW.date(), now=NOW)  # fmt: skip
    at = opened(app_office)
    assert "读书竞赛（默认方案）" in texts(at, "text")
    captions = texts(at, "caption")
    assert translate("scheme_admin.version_line", version=1, month="2000年1月") in captions
    assert translate("scheme_admin.upcoming", version=2, month="2026年6月") in captions
    assert translate("scheme_admin.counted_days", days="工作日") in captions
    assert translate("scheme_admin.everyone") in captions
    quotas = at.dataframe[0].value
    assert list(quotas.columns) == ["活动", "周期", "要求量", "权重"]
    assert quotas.values.tolist() == [
        ["阅读", "每日", "30 分钟", "20%"],
        ["摘抄", "每日", "1 条", "20%"],
        ["心得", "每周", "1 篇", "20%"],
        ["文章", "每旬", "1 篇", "20%"],
        ["读完一本书", "每月", "1 本", "20%"],
    ]
    assert translate("scheme_admin.no_points") in captions
    history = at.dataframe[1].value
    assert list(history.columns) == ["版本", "生效月份", "原因", "保存时间"]
    assert history.values.tolist()[0][:4] == [2, "2026年6月", "六月起调整", "2026-04-15 10:00"]
    assert history.values.tolist()[1][:3] == [1, "2000年1月", "系统初始版本"]
    # The editor starts from the latest version, next month chosen.
    assert widget(at.selectbox, "scheme_admin.valid_from").value == date(2026, 5, 1)
    assert list(at.data_editor[0].value["weight"]) == [20.0] * 5


def test_a_preview_shows_last_month_and_nothing_is_saved_until_save(app_office: Office) -> None:
    store = app_office.store
    for day in (2, 3, 4, 5, 6, 9, 10):
        record(store, app_office.staff_id, date(2026, 3, day), "clipping")
    at = opened(app_office)
    # Reading no longer weighs; clippings weigh twice as much, and two a day are asked.
    at = edit_quotas(at, {0: {"weight": 0}, 1: {"weight": 40, "target": 1}})
    at = button(at, "scheme_admin.preview").click().run()
    assert not at.exception, at.exception
    assert texts(at, "error") == []
    expected = scheme_versions.preview(
        store,
        replace(
            default_scheme(), valid_from=date(2026, 5, 1),
            quotas=(Quota("reading_days", "reading", "day", 30, 0.0),
                    Quota("clipping_days", "clipping", "day", 1, 0.4),
                    *default_scheme().quotas[2:]),
        ),
        today=NOW.date(),
    )  # fmt: skip
    assert any("2026年3月" in m for m in texts(at, "markdown"))
    summary = expected.summary
    average = next(m for m in at.metric if m.label == translate("scheme_admin.average"))
    assert average.value == f"{summary['average_before']:.1f} → {summary['average_after']:.1f}"
    up = next(m for m in at.metric if m.label == translate("scheme_admin.up"))
    assert up.value == translate("scheme_admin.people_count", n=1) and summary["up"] == 1
    people = at.dataframe[-1].value
    assert list(people.columns) == ["科室", "姓名", "工号", "原得分", "新得分", "变化"]
    row = people[people["工号"] == "00123"].iloc[0]
    mine = expected.people.set_index("username").loc["00123"]
    assert (row["原得分"], row["新得分"], row["变化"]) == (mine["before"], mine["after"],
                                                         mine["change"])  # fmt: skip
    assert row["变化"] > 0
    departments = at.dataframe[-2].value
    assert "综合科" in list(departments["科室"])
    assert versions(app_office) == [(1, date(2000, 1, 1), "")]
    # The preview stays while the tables are unchanged; saving needs a reason.
    widget(at.text_input, "scheme_admin.reason").set_value("摘抄权重提高")
    at = at.run()
    assert any(m.label == translate("scheme_admin.average") for m in at.metric)
    at = button(at, "scheme_admin.save").click().run()
    assert not at.exception, at.exception
    assert versions(app_office)[1:] == [(2, date(2026, 5, 1), "摘抄权重提高")]
    saved = scheme_versions.history(store, DEFAULT_SCHEME_NAME)[-1]
    assert [(q.key, q.weight) for q in saved.quotas][:2] == [("reading_days", 0.0),
                                                            ("clipping_days", 0.4)]  # fmt: skip
    assert "已保存第 2 版，自 2026年5月 起生效" in texts(at, "success")
    # April keeps version 1; the fresh editor starts from version 2 with no preview.
    assert scheme_versions.in_force(store, DEFAULT_SCHEME_NAME, NOW.date()).version == 1
    assert list(at.data_editor[0].value["weight"])[:2] == [0.0, 40.0]
    assert not at.metric


def test_bad_versions_are_refused_and_nothing_is_stored(app_office: Office) -> None:
    at = opened(app_office)
    at = edit_quotas(at, {1: {"weight": 30}})
    widget(at.text_input, "scheme_admin.reason").set_value("试一试")
    at = button(at, "scheme_admin.save").click().run()
    assert not at.exception, at.exception
    assert translate("scheme.weights_sum") in texts(at, "error")
    at = button(at, "scheme_admin.preview").click().run()
    assert translate("scheme.weights_sum") in texts(at, "error")
    assert not at.metric
    at = edit_quotas(at, {1: {"target": -5}})
    at = button(at, "scheme_admin.save").click().run()
    assert translate("scheme.target_range", quota="clipping_days") in texts(at, "error")
    # A new row without its numbers says which row.
    at = edit_quotas(at, {}, added=[{"activity": "quiz", "cadence": "week"}])
    at = button(at, "scheme_admin.save").click().run()
    assert translate("scheme_admin.quota_incomplete", row=6) in texts(at, "error")
    # A good table without a reason.
    at = edit_quotas(at, {})
    widget(at.text_input, "scheme_admin.reason").set_value("  ")
    at = button(at, "scheme_admin.save").click().run()
    assert translate("scheme.reason_missing") in texts(at, "error")
    assert versions(app_office) == [(1, date(2000, 1, 1), "")]


def test_a_new_quota_row_gets_a_fresh_key_and_points_rules_are_kept(app_office: Office) -> None:
    at = opened(app_office)
    at = edit_quotas(
        at,
        {4: {"weight": 10}},
        added=[{"activity": "quiz", "cadence": "week", "target": 1, "weight": 10}],
    )
    rules = at.data_editor[1]
    at.session_state[rules.key] = {
        "edited_rows": {},
        "added_rows": [{"activity": "reading", "points": 1, "per": 30, "daily_cap": 2}],
        "deleted_rows": [],
    }
    at = at.run()
    widget(at.text_input, "scheme_admin.reason").set_value("加每周测验和阅读积分")
    at = button(at, "scheme_admin.save").click().run()
    assert not at.exception, at.exception
    saved = scheme_versions.history(app_office.store, DEFAULT_SCHEME_NAME)[-1]
    assert saved.quotas[-1] == Quota("q1", "quiz", "week", 1.0, 0.1)
    assert [(r.activity, r.points, r.per, r.daily_cap) for r in saved.points] == [
        ("reading", 1.0, 30.0, 2.0)
    ]


def test_a_double_click_on_save_stores_one_version(app_office: Office) -> None:
    at = opened(app_office)
    at = edit_quotas(at, {0: {"target": 45}})
    widget(at.text_input, "scheme_admin.reason").set_value("每日阅读改为 45 分钟")
    save = button(at, "scheme_admin.save")
    old_keys = {w.key for w in [*at.button, *at.text_input, *at.data_editor]}
    at = save.click().run()
    assert not at.exception, at.exception
    # The second click of the pair carries the old widgets' keys, which are gone after the save…
    new_keys = {w.key for w in [*at.button, *at.text_input, *at.data_editor]}
    assert save.key in old_keys and save.key not in new_keys
    assert widget(at.text_input, "scheme_admin.reason").value == ""
    # …and the fresh editor holds no reason, so saving it again stores nothing either.
    at = button(at, "scheme_admin.save").click().run()
    assert translate("scheme.reason_missing") in texts(at, "error")
    assert versions(app_office) == [
        (1, date(2000, 1, 1), ""),
        (2, date(2026, 5, 1), "每日阅读改为 45 分钟"),
    ]


def test_an_exemption_is_added_and_removed(app_office: Office) -> None:
    store = app_office.store
    at = opened(app_office)
    assert translate("scheme_admin.no_exemptions") in texts(at, "caption")
    person = widget(at.selectbox, "scheme_admin.exemption_person")
    assert translate("scheme_admin.exemption_person_label", name="张三", username="00123",
                     department="综合科") in person.options  # fmt: skip
    person.set_value(app_office.staff_id)
    widget(at.date_input, "scheme_admin.exemption_first").set_value(date(2026, 4, 20))
    widget(at.date_input, "scheme_admin.exemption_last").set_value(date(2026, 4, 10))
    widget(at.text_input, "scheme_admin.exemption_reason").set_value("借调市委办")
    at = button(at, "scheme_admin.exemption_add").click().run()
    assert translate("exemption.days_reversed") in texts(at, "error")
    assert exemptions.exemptions(store, date(2026, 4, 1), date(2026, 5, 31)).empty
    widget(at.date_input, "scheme_admin.exemption_last").set_value(date(2026, 5, 8))
    at = button(at, "scheme_admin.exemption_add").click().run()
    assert not at.exception, at.exception
    frame = exemptions.exemptions(store, date(2026, 4, 1), date(2026, 5, 31))
    assert list(frame["username"]) == ["00123"] and list(frame["reason"]) == ["借调市委办"]
    assert "已登记豁免：2026-04-20 至 2026-05-08" in texts(at, "success")
    listed = at.dataframe[-1].value
    assert listed.values.tolist() == [["张三", "00123", "2026-04-20", "2026-05-08", "借调市委办"]]
    # Removing needs a choice.
    at = button(at, "scheme_admin.exemption_remove").click().run()
    assert translate("scheme_admin.exemption_remove_none") in texts(at, "error")
    widget(at.selectbox, "scheme_admin.exemption_pick").set_value(int(frame["id"].iloc[0]))
    at = button(at, "scheme_admin.exemption_remove").click().run()
    assert not at.exception, at.exception
    assert exemptions.exemptions(store, date(2026, 4, 1), date(2026, 5, 31)).empty
    assert translate("scheme_admin.exemption_removed") in texts(at, "success")


def test_a_campaign_is_started_for_one_department(app_office: Office) -> None:
    store = app_office.store
    department = int(store.db.scalar("SELECT id FROM departments WHERE name = '业务科'"))
    at = opened(app_office)
    widget(at.text_input, "scheme_admin.campaign_code").set_value("reading-month-2026")
    widget(at.text_input, "scheme_admin.campaign_title_zh").set_value("业务科读书月")
    widget(at.text_input, "scheme_admin.campaign_title_en").set_value("Reading month")
    widget(at.multiselect, "scheme_admin.campaign_departments").select(department)
    widget(at.selectbox, "scheme_admin.campaign_start").set_value(date(2026, 4, 1))
    widget(at.selectbox, "scheme_admin.campaign_activity").set_value("reading")
    widget(at.number_input, "scheme_admin.campaign_target").set_value(20.0)
    at = button(at, "scheme_admin.campaign_submit").click().run()
    # Without a reason nothing is started.
    assert translate("scheme.reason_missing") in texts(at, "error")
    assert scheme_versions.scheme_names(store) == [DEFAULT_SCHEME_NAME]
    widget(at.text_input, "scheme_admin.campaign_reason").set_value("四月读书月")
    at = button(at, "scheme_admin.campaign_submit").click().run()
    assert not at.exception, at.exception
    assert scheme_versions.scheme_names(store) == [DEFAULT_SCHEME_NAME, "reading-month-2026"]
    [campaign] = scheme_versions.history(store, "reading-month-2026")
    assert campaign.departments == (department,) and campaign.valid_from == date(2026, 4, 1)
    assert campaign.quotas == (Quota("q1", "reading", "day", 20.0, 1.0),)
    assert "已新建竞赛活动 reading-month-2026，自 2026年4月 起生效" in texts(at, "success")
    # The page now shows the campaign, for its department.
    assert widget(at.selectbox, "scheme_admin.pick").value == "reading-month-2026"
    assert "业务科读书月" in texts(at, "text")
    assert translate("scheme_admin.departments", names="业务科") in texts(at, "text")
    # The same code again is refused.
    widget(at.text_input, "scheme_admin.campaign_code").set_value("reading-month-2026")
    widget(at.text_input, "scheme_admin.campaign_title_zh").set_value("再来一次")
    widget(at.text_input, "scheme_admin.campaign_reason").set_value("重复")
    at = button(at, "scheme_admin.campaign_submit").click().run()
    assert translate("scheme.name_taken", name="reading-month-2026") in texts(at, "error")
    assert len(scheme_versions.history(store, "reading-month-2026")) == 1


@pytest.mark.parametrize("who", ["trainer_id", "staff_id"])
def test_a_trainer_and_a_staff_member_are_refused(app_office: Office, who: str) -> None:
    at = opened(app_office, getattr(app_office, who))
    assert texts(at, "error") == [translate("gate.refused")]
    assert not at.dataframe and not at.data_editor


def test_every_text_is_in_the_catalogue_in_english(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    # AppTest formats the widgets' values in this process, outside any session: English there too.
    monkeypatch.setattr(text_module, "DEFAULT_LANGUAGE", "en")
    store = app_office.store
    record(store, app_office.staff_id, date(2026, 3, 2), "clipping")
    exemptions.add_exemption(store, app_office.staff_id, date(2026, 4, 1), date(2026, 4, 3),
                             "病假", actor_id=app_office.office_id, actor_roles=OFFICE,
                             now=NOW)  # fmt: skip
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(store, app_office.office_id)
    at.session_state[LANGUAGE_KEY] = "en"
    at.switch_page("pages/scheme_admin.py")
    at = at.run()
    at = button(at, "scheme_admin.preview", "en").click().run()
    assert not at.exception, at.exception
    shown = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "subheader",
                                       "text", "success", "error")
             for e in at.get(kind)]  # fmt: skip
    shown += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    shown += [
        w.label
        for w in [*at.button, *at.selectbox, *at.multiselect, *at.radio, *at.text_input,
                  *at.date_input, *at.number_input]
    ]  # fmt: skip
    shown += [str(o) for s in at.selectbox for o in s.options]
    shown += [str(o) for r in at.radio for o in r.options]
    shown += [str(c) for d in at.dataframe for c in d.value.columns]
    shown += [str(v) for d in at.dataframe for v in d.value.to_numpy().ravel()]
    assert [s for s in shown if "scheme_admin." in s or "points." in s] == []
    assert "Reading" in at.dataframe[0].value.iloc[:, 0].tolist()
    assert "30 minutes" in at.dataframe[0].value.iloc[:, 2].tolist()
    assert translate("scheme_admin.save", "en") in [b.label for b in at.button]
    assert any(m.label == translate("scheme_admin.average", "en") for m in at.metric)
