"""Question banks in the store: imports all or nothing, no double import, export → import
unchanged, and `learnhub import questions` at the terminal."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import Office

from learnhub.cli import main
from learnhub.errors import ValidationError
from learnhub.question_banks import (
    bank_questions,
    detect_format,
    export_bank,
    import_questions,
    read_questions,
)
from learnhub.questions.model import Question
from learnhub.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "content" / "courses").glob("*/questions.gift"))

CHINESE_GIFT = """// 保密知识小测
$CATEGORY: 业务/保密

::BM01::涉密文件可以通过互联网邮箱传递。{F#错，涉密信息严禁通过互联网传递#正确}

::BM02::下列属于国家秘密密级的有：{
~%50%绝密
~%50%机密
~%-100%内部
####国家秘密分为绝密、机密、秘密三级。
}

::BM03::公文的发文字号中，年份用{=六角括号 =〔〕}括入。

::BM04::谈谈你对保密工作重要性的认识。{}
"""


def plain(questions: list[Question]) -> list[Question]:
    return [dataclasses.replace(q, line=0) for q in questions]


def import_text(store: Store, text: str, bank: str = "保密知识", name: str = "bm.gift") -> int:
    parsed = read_questions(text.encode("utf-8"), name)
    return import_questions(store, bank, parsed, actor_id=None).bank_id


def question_count(store: Store) -> int:
    return int(store.db.scalar("SELECT count(*) FROM questions"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.parent.name for p in SHIPPED])
def test_every_shipped_bank_imports_cleanly(fresh_store: Store, path: Path) -> None:
    parsed = read_questions(path.read_bytes(), path.name)
    assert parsed.format == "gift"
    assert parsed.result.ok, parsed.result.problems
    assert not parsed.result.skipped
    outcome = import_questions(fresh_store, path.parent.name, parsed, actor_id=None)
    assert outcome.stored == 15
    stored = bank_questions(fresh_store, outcome.bank_id)
    assert plain(stored) == plain(parsed.result.questions)
    assert all(q.explanation for q in stored), "every shipped question explains its answer"


def test_a_bank_round_trips_through_gift_and_excel(fresh_store: Store) -> None:
    bank = import_text(fresh_store, CHINESE_GIFT)
    original = plain(bank_questions(fresh_store, bank))
    assert [q.type for q in original] == ["truefalse", "multiple", "fill", "short"]
    gift = export_bank(fresh_store, bank, "gift")
    again = import_questions(
        fresh_store, "保密知识（GIFT 副本）", read_questions(gift, "副本.gift"), actor_id=None
    )
    assert plain(bank_questions(fresh_store, again.bank_id)) == original
    # GIFT's negative weights have no place in the template: refused, not silently changed.
    with pytest.raises(ValidationError) as caught:
        export_bank(fresh_store, bank, "excel")
    assert caught.value.key == "qexcel.write_weights"
    plain_credit = CHINESE_GIFT.replace("~%-100%内部", "~内部")
    simple = import_text(fresh_store, plain_credit, bank="保密知识（简单计分）")
    expected = plain(bank_questions(fresh_store, simple))
    from_excel = read_questions(export_bank(fresh_store, simple, "excel"), "副本.xlsx")
    assert from_excel.result.ok, from_excel.result.problems
    copy = import_questions(fresh_store, "保密知识（Excel 副本）", from_excel, actor_id=None)
    # The template has no names or per-answer feedback: compare what it carries.
    carried = [
        (q.type, q.text, q.answer, [(c.text, c.weight) for c in q.choices], q.explanation,
         q.category)
        for q in expected
    ]  # fmt: skip
    assert [
        (q.type, q.text, q.answer, [(c.text, c.weight) for c in q.choices], q.explanation,
         q.category)
        for q in plain(bank_questions(fresh_store, copy.bank_id))
    ] == carried  # fmt: skip


def test_a_file_with_a_problem_stores_nothing(fresh_store: Store) -> None:
    broken = CHINESE_GIFT + "\n::BM05::括号没有闭合 {=对 ~错\n"
    parsed = read_questions(broken.encode("utf-8"), "bm.gift")
    assert not parsed.result.ok
    assert parsed.result.problems[0].line >= 17
    with pytest.raises(ValidationError) as caught:
        import_questions(fresh_store, "保密知识", parsed, actor_id=None)
    assert caught.value.key == "questions.file_has_problems"
    assert question_count(fresh_store) == 0
    assert fresh_store.questions.banks().empty


def test_the_same_file_twice_is_refused(fresh_store: Store) -> None:
    import_text(fresh_store, CHINESE_GIFT)
    with pytest.raises(ValidationError) as caught:
        import_text(fresh_store, CHINESE_GIFT)
    assert caught.value.key == "questions.already_imported"
    assert question_count(fresh_store) == 4
    # Into another bank it is a copy the trainer asked for.
    import_text(fresh_store, CHINESE_GIFT, bank="保密知识（第二套）")
    assert question_count(fresh_store) == 8


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (b"", "empty.gift", "questions.file_empty"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "virus.txt", "questions.not_text"),
        (b"x" * (6 * 1024 * 1024), "huge.gift", "imports.file_too_large"),
    ],
)
def test_a_file_that_is_no_question_file_is_refused(data: bytes, name: str, key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read_questions(data, name)
    assert caught.value.key == key


def test_gbk_text_from_an_old_office_pc_reads_as_chinese(fresh_store: Store) -> None:
    parsed = read_questions(CHINESE_GIFT.encode("gb18030"), "bm.txt")
    assert parsed.result.ok
    assert parsed.result.questions[0].text == "涉密文件可以通过互联网邮箱传递。"


def test_the_format_is_told_from_the_name_and_content() -> None:
    assert detect_format("题库.xlsx", None) == "excel"
    assert detect_format("bank.gift", None) == "gift"
    assert detect_format("a.txt", "What is 1+1?\nA. 1\nB. 2\nANSWER: B\n") == "aiken"
    assert detect_format("a.txt", CHINESE_GIFT) == "gift"


def test_a_bank_name_is_required(fresh_store: Store) -> None:
    parsed = read_questions(CHINESE_GIFT.encode("utf-8"), "bm.gift")
    with pytest.raises(ValidationError) as caught:
        import_questions(fresh_store, "  ", parsed, actor_id=None)
    assert caught.value.key == "questions.bank_name_missing"


def test_import_questions_at_the_terminal(
    office: Office,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEARNHUB_LANG", "en")
    db = office.store.db.path
    good = tmp_path / "bm.gift"
    good.write_text(CHINESE_GIFT, encoding="utf-8")
    assert main(["--db", db, "import", "questions", str(good), "--bank", "保密知识"]) == 0
    out = capsys.readouterr().out
    assert "4 questions" in out and "保密知识" in out
    bad = tmp_path / "bad.gift"
    bad.write_text("::Q::没有闭合 {=对 ~错\n", encoding="utf-8")
    assert main(["--db", db, "import", "questions", str(bad), "--bank", "保密知识"]) == 1
    err = capsys.readouterr().err
    assert "line 1" in err and "no question was imported" in err
    assert question_count(office.store) == 4


# -- the 题库管理 page ---------------------------------------------------------------------------
def test_a_trainer_sees_the_problems_then_imports_the_corrected_file(app_office: Office) -> None:
    from pages_support import open_page, texts

    from learnhub.i18n import translate

    at = open_page("question_banks", app_office.store, app_office.trainer_id)
    assert translate("qbank.no_banks") in texts(at, "caption")
    broken = CHINESE_GIFT + "\n::BM05::括号没有闭合 {=对 ~错\n"
    at.get("file_uploader")[0].upload("保密.gift", broken.encode("utf-8"), "text/plain").run()
    assert texts(at, "error") == [translate("qbank.problems_title", n=1)]
    problems = at.dataframe[0].value
    assert problems[translate("qbank.col.line")].iloc[0] >= 17
    assert question_count(app_office.store) == 0

    at.get("file_uploader")[0].upload("保密.gift", CHINESE_GIFT.encode("utf-8"), "text/plain").run()
    assert not texts(at, "error")
    preview = at.dataframe[0].value
    assert list(preview[translate("qbank.col.type")]) == ["判断", "多选", "填空", "简答"]
    assert list(preview[translate("qbank.col.answer")])[:2] == ["错", "AB"]
    next(i for i in at.text_input if i.label == translate("qbank.new_bank_name")).set_value(
        "保密知识"
    )
    next(b for b in at.button if b.label == translate("qbank.import")).click().run()
    assert texts(at, "success") == [translate("qbank.imported", n=4, bank="保密知识")]
    assert question_count(app_office.store) == 4
    labels = [b.proto.label for b in at.get("download_button")]
    assert translate("qbank.export_gift") in labels
    # 内部 carries −100 % credit, which the Excel template cannot hold: the page says so.
    assert translate("qbank.export_excel") not in labels
    refused = [c for c in texts(at, "caption") if c.startswith("不能导出为Excel 模板")]
    assert len(refused) == 1 and "部分得分或扣分" in refused[0], texts(at, "caption")
