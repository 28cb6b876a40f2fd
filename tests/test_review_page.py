"""审阅 (the review page) through AppTest on a fixed office clock: a trainer opens a submitted
piece (its review starts), scores and passes it; returning needs feedback; a piece's text is only
ever shown escaped, with <mark> only around the passages copied from another piece; feedback is
released and a reviewed piece featured; staff are refused."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from conftest import TODAY, Office
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest
from test_extract import docx_with
from test_review import submitted
from test_writing import REFLECTION

from learnhub import attendance, review, writing
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.settings import Settings
from learnhub.ui import text as text_module
from learnhub.ui.text import LANGUAGE_KEY
from learnhub.ui.views.review_parts import marked_html

NOW = datetime(2026, 3, 18, 21, 0)
TRAINER = frozenset({"trainer"})
GOOD = {"content": 5, "depth": 4, "writing": 4}
# Written by a person: it must reach the reviewer as text, never as HTML or Markdown.
HOSTILE = "<script>alert('x')</script>**加粗** [链接](http://evil.example) :red[红字] $x^2$ "
ORIGINAL = (
    "基层调研要坚持问题导向，先把情况摸清楚再下结论。"
    "窗口单位的群众最关心办事效率，材料一次讲清楚就能少跑很多腿。"
    "我们在走访中发现，有的事项要求重复提交证明，既增加负担又没有必要。"
) * 3
OWN_WORDS = "这一周我读了关于调查研究的文章，结合自己在综合科的工作，有以下几点想法。" * 3


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pages read the office clock through learnhub.attendance.office_now.
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


def status_of(office: Office, piece: int) -> str:
    found = office.store.writing.piece(piece)
    assert found is not None
    return str(found["status"])


def opened(office: Office, piece: int, person: int | None = None) -> AppTest:
    at = open_page("review", office.store, person or office.trainer_id)
    assert not at.exception, at.exception
    picker = next(s for s in at.selectbox if s.label == translate("review_page.pick"))
    at = picker.set_value(piece).run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, key: str, **params: object) -> AppTest:
    label = translate(key, **params)
    return next(b for b in at.button if b.label == label).click().run()


def decide(at: AppTest, decision: str, feedback: str = "", **scores: int) -> AppTest:
    for criterion in review.DEFAULT_RUBRIC:
        if criterion.key in scores:
            label = translate(f"review_page.criterion.{criterion.key}", low=1, high=5)
            next(s for s in at.slider if s.label == label).set_value(scores[criterion.key])
    next(r for r in at.radio if r.label == translate("review_page.decision")).set_value(decision)
    next(a for a in at.text_area if a.label == translate("review_page.feedback")).input(feedback)
    return click(at, "review_page.save")


def all_markdown(at: AppTest) -> str:
    return "\n".join(texts(at, "markdown"))


def test_a_trainer_opens_scores_and_passes_a_piece(app_office: Office) -> None:
    piece = submitted(app_office, title="")
    at = open_page("review", app_office.store, app_office.trainer_id)
    assert not at.exception
    assert texts(at, "title") == [translate("nav.review")]
    # Listed (its first words standing in for the missing title) but not opened yet.
    assert REFLECTION[:10] in at.dataframe[0].value.iloc[0, 0]
    assert status_of(app_office, piece) == "submitted"
    at = opened(app_office, piece)
    assert status_of(app_office, piece) == "under_review"
    assert REFLECTION in texts(at, "text")
    at = decide(at, "pass", content=5, depth=4, writing=4)
    assert not at.exception
    assert texts(at, "success") == [
        translate("review_page.saved", total="13", decision=translate("review_page.decision_pass"))
    ]
    assert status_of(app_office, piece) == "reviewed"
    reviews = app_office.store.reviews.reviews(piece)
    assert list(reviews["total"]) == [13.0] and list(reviews["decision"]) == ["pass"]
    # Still open after it left the "to review" queue, with its review listed.
    assert REFLECTION in texts(at, "text")
    listed = [d.value for d in at.dataframe]
    assert any("王老师" in list(frame.iloc[:, 0]) for frame in listed)


def test_returning_without_feedback_is_refused_with_the_reason(app_office: Office) -> None:
    piece = submitted(app_office)
    at = decide(opened(app_office, piece), "return", "  ")
    assert translate("review.feedback_needed") in texts(at, "error")
    assert status_of(app_office, piece) == "under_review"
    assert app_office.store.reviews.reviews(piece).empty
    at = decide(at, "return", "请结合本职工作再谈一谈")
    assert not at.exception
    assert status_of(app_office, piece) == "returned"


def test_a_pieces_html_is_shown_as_text(app_office: Office) -> None:
    piece = submitted(app_office, text=HOSTILE + OWN_WORDS * 2)
    at = opened(app_office, piece)
    # No other writing shares anything: the text is shown as plain text, exactly as written.
    assert HOSTILE + OWN_WORDS * 2 in texts(at, "text")
    assert "<script" not in all_markdown(at)


def test_copied_passages_are_marked_and_nothing_else_is_markup(app_office: Office) -> None:
    submitted(app_office, text=ORIGINAL)
    copy = submitted(app_office, app_office.other_staff_id, text=HOSTILE + OWN_WORDS + ORIGINAL)
    at = opened(app_office, copy, app_office.office_id)
    # The writer's markup reaches the reader only escaped, its Markdown inert.
    html_blocks = [m for m in texts(at, "markdown") if "<mark>" in m]
    assert len(html_blocks) == 1
    shown = html_blocks[0]
    assert "<script" not in shown and "&lt;script&gt;" in shown
    assert "**" not in shown and "](" not in shown and ":red[" not in shown and "$" not in shown
    # The only tags are our wrapper, the line breaks and the marks; marked is exactly the copy.
    assert set(re.findall(r"</?([a-z]+)", shown)) <= {"div", "mark", "br"}
    marked = re.findall(r"<mark>(.*?)</mark>", shown)
    assert len(marked) == 1
    assert "基层调研" in marked[0] and "这一周" not in marked[0]
    # The match: whose text, not the writer's own, and its share.
    matches = next(d.value for d in at.dataframe if translate("review_page.match.own") in d.value)
    assert list(matches[translate("review_page.match.own")]) == [""]
    assert "张三" in matches.iloc[0, 0]


def test_marked_html_escapes_every_piece_of_text() -> None:
    text = "a<b>c&d**e**f"
    shown = marked_html(text, [(1, 4)])
    assert shown.count("<mark>") == 1
    assert "<mark>&lt;b&gt;</mark>" in shown
    assert "&amp;d&#42;&#42;e&#42;&#42;f" in shown


def test_releasing_feedback_and_featuring(app_office: Office) -> None:
    piece = submitted(app_office)
    at = decide(opened(app_office, piece, app_office.office_id), "pass", "体会真切，联系实际")
    assert app_office.store.reviews.reviews(piece, released_only=True).empty
    at = click(at, "review_page.release", n=1)
    assert not at.exception
    assert texts(at, "success") == [translate("review_page.released", n=1)]
    released = app_office.store.reviews.reviews(piece, released_only=True)
    assert list(released["feedback"]) == ["体会真切，联系实际"]
    note = next(i for i in at.text_input if i.label == translate("review_page.feature_note"))
    at = click(note.input("联系实际好").run(), "review_page.feature")
    assert not at.exception
    assert texts(at, "success") == [translate("review_page.featured")]
    shown = app_office.store.reviews.featured(NOW.date(), NOW.date(), ["reflection"])
    assert list(shown["note"]) == ["联系实际好"]
    at = click(at, "review_page.unfeature")
    assert texts(at, "success") == [translate("review_page.unfeatured")]
    assert app_office.store.reviews.featured(NOW.date(), NOW.date(), ["reflection"]).empty


def test_staff_are_refused(app_office: Office) -> None:
    submitted(app_office)
    at = open_page("review", app_office.store, app_office.staff_id)
    assert texts(at, "error") == [translate("gate.refused")]
    assert not at.dataframe and not at.selectbox


def test_research_reports_show_the_months_ranking(app_office: Office) -> None:
    text = "调研" * 1100
    first = submitted(app_office, kind="research_report", text=text, title="基层减负调研",
                      topic="基层减负")  # fmt: skip
    second = submitted(app_office, app_office.other_staff_id, kind="research_report", text=text,
                       title="窗口服务调研", topic="窗口服务")  # fmt: skip
    for piece, scores in ((first, (4, 4, 4)), (second, (5, 5, 5))):
        review.review_piece(app_office.store, piece, scores=dict(zip(GOOD, scores, strict=True)),
                            decision="pass", feedback="", actor_id=app_office.trainer_id,
                            actor_roles=TRAINER, now=NOW)  # fmt: skip
    at = open_page("review", app_office.store, app_office.office_id)
    kind = next(s for s in at.selectbox if s.label == translate("review_page.kind"))
    at = kind.set_value("research_report").run()
    assert not at.exception
    # Nothing left to review, but the ranking is there, best first.
    assert translate("review_page.empty") in texts(at, "info")
    ranking = at.dataframe[-1].value
    assert list(ranking[translate("review_page.col.title")]) == ["窗口服务调研", "基层减负调研"]
    assert list(ranking[translate("review_page.col.rank")]) == [1, 2]


def test_a_reviewer_sees_the_attachment_and_its_text(app_office: Office) -> None:
    me, store = app_office.staff_id, app_office.store
    piece = writing.save_draft(store, me, "reflection", text=REFLECTION, today=TODAY, now=NOW)
    writing.attach_file(store, me, piece, "调研问卷.docx", docx_with("问卷共发放一百二十份。"),
                        Settings(db=store.db.path), now=NOW)  # fmt: skip
    assert writing.submit(store, me, piece, today=TODAY, now=NOW)
    at = opened(app_office, piece)
    shown = texts(at, "text")
    assert translate("review_page.attachment_name", name="调研问卷.docx") in shown
    assert any("一百二十份" in s for s in shown)
    assert translate("review_page.download_attachment") in [
        b.label for b in at.get("download_button")
    ]


def everything(at: AppTest) -> str:
    """All a reviewer can read about the open piece: texts, captions and its tables (the queue
    table and the picker, which list other pieces too, are checked row by row)."""
    shown = [str(e.value) for kind in ("text", "markdown", "caption", "subheader", "info")
             for e in at.get(kind)]  # fmt: skip
    shown += [d.value.to_string() for d in at.dataframe[1:]]
    return "\n".join(shown)


def test_blind_review_hides_a_reports_writer_from_its_reviewers(app_office: Office) -> None:
    store, me = app_office.store, app_office.staff_id
    review.set_blind_reports(store, True, actor_roles=frozenset({"office"}))
    # Her own earlier reflection shares the report's opening: the match must not name her.
    submitted(app_office, text=ORIGINAL, title="")
    text = ORIGINAL + "调研" * 1100
    report = writing.save_draft(store, me, "research_report", text=text, title="基层减负调研",
                                topic="基层减负", today=TODAY, now=NOW)  # fmt: skip
    writing.attach_file(store, me, report, "张三调研报告.docx", docx_with("问卷共发放一百份。"),
                        Settings(db=store.db.path), now=NOW)  # fmt: skip
    assert writing.submit(store, me, report, today=TODAY, now=NOW)
    at = opened(app_office, report)
    anonymous = translate("review_page.anonymous", n=report)
    shown = everything(at)
    assert "张三" not in shown and "综合科" not in shown
    assert anonymous in shown
    assert translate("review_page.match.writer_self") in shown
    assert translate("review_page.attachment_name",
                     name=translate("review_page.attachment_blind_name", n=report) + ".docx"
                     ) in texts(at, "text")  # fmt: skip
    # In the queue the report is anonymous; her reflection, checked rather than ranked, is not.
    queue = at.dataframe[0].value.set_index(translate("review_page.col.title"))
    writer, section = translate("review_page.col.writer"), translate("review_page.col.department")
    row = queue.loc["基层减负调研"]
    assert (row[writer], row[section]) == (anonymous, "")
    assert set(queue[writer]) == {anonymous, "张三"}
    picker = next(s for s in at.selectbox if s.label == translate("review_page.pick"))
    [label] = [o for o in picker.options if "基层减负调研" in o]
    assert anonymous in label and "张三" not in label
    # Scored and passed, the report is ranked: the trainer's ranking stays blind...
    trainer = decide(at, "pass", **GOOD)
    assert status_of(app_office, report) == "reviewed"
    ranking = trainer.dataframe[-1].value
    assert list(ranking[translate("review_page.col.writer")]) == [anonymous]
    assert translate("review_page.ranking_blind") in texts(trainer, "caption")
    # ...while the office, who names the month's best report, sees who wrote it.
    at = open_page("review", store, app_office.office_id)
    kind = next(s for s in at.selectbox if s.label == translate("review_page.kind"))
    at = kind.set_value("research_report").run()
    ranking = at.dataframe[-1].value
    assert list(ranking[translate("review_page.col.writer")]) == ["张三"]
    assert translate("review_page.ranking_blind_office") in texts(at, "caption")
    # Turned off, reviewers see names again.
    review.set_blind_reports(store, False, actor_roles=frozenset({"office"}))
    assert "张三" in everything(trainer.run())


def test_every_text_is_in_the_catalogue_in_english(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    # AppTest formats the widgets' values in this process, outside any session: English there too.
    monkeypatch.setattr(text_module, "DEFAULT_LANGUAGE", "en")
    submitted(app_office, text=ORIGINAL)
    copy = submitted(app_office, app_office.other_staff_id, text=OWN_WORDS + ORIGINAL)
    review.review_piece(app_office.store, copy, scores=GOOD, decision="pass", feedback="好",
                        actor_id=app_office.trainer_id, actor_roles=TRAINER, now=NOW)  # fmt: skip
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(app_office.store,
                                                               app_office.office_id)  # fmt: skip
    at.session_state[LANGUAGE_KEY] = "en"
    at.switch_page("pages/review.py")
    at = at.run()
    status = next(s for s in at.selectbox if s.label == translate("review_page.status", "en"))
    at = status.set_value("all").run()
    picker = next(s for s in at.selectbox if s.label == translate("review_page.pick", "en"))
    at = picker.set_value(copy).run()
    assert not at.exception
    shown = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "subheader")
             for e in at.get(kind)]  # fmt: skip
    shown += [w.label for w in [*at.button, *at.selectbox, *at.slider, *at.radio, *at.text_area]]
    shown += [c for d in at.dataframe for c in d.value.columns]
    assert [s for s in shown if "review_page." in s] == []
    assert translate("review_page.feature", "en") in [b.label for b in at.button]
