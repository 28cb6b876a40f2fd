"""The originality check: normalising, shingles and winnowing on Chinese text, the score and the
passages, and the index in a real DuckDB file."""

from __future__ import annotations

import json
from datetime import date, datetime

import numpy as np
import pytest
from conftest import Office
from hypothesis import given, settings
from hypothesis import strategies as st

from learnhub import fingerprints
from learnhub import originality as o
from learnhub.errors import NotAllowed, ValidationError
from learnhub.store import Store

NOW = datetime(2026, 3, 18, 10, 0)
OFFICE = frozenset({"office"})

# Two halves of an essay on grassroots governance, and other writing on the same topic that
# shares its vocabulary and set phrases but was written independently.
FIRST = (
    "基层治理是国家治理的基石。近年来，我们在社区网格化管理方面做了大量探索，把党支部建在网格上，"
    "让党员亮身份、作表率，群众有事找网格员逐渐成为常态。"
)
SECOND = (
    "与此同时，乡镇财政紧张、人员流动频繁等问题依然突出，一些好的做法还停留在试点阶段，"
    "尚未形成可复制推广的长效机制，需要在制度设计上下更大功夫，坚持以人民为中心，"
    "不忘初心、牢记使命，全面从严治党。"
)
OTHER_HALF = (
    "我所在的科室去年牵头开展了一次专题调研，走访了六个街道，发现老旧小区的停车和加装电梯"
    "最让居民操心，协调各方利益比争取资金更难，干部要有耐心。"
)
SAME_TOPIC = (
    "加强基层治理，关键在于把党的领导贯穿始终。要坚持以人民为中心，深入开展调查研究，"
    "推动资源向基层下沉，切实减轻基层负担，让基层干部有更多时间和精力抓落实、办实事，"
    "做到不忘初心、牢记使命。"
)
SAME_TOPIC_2 = (
    "推进基层治理现代化，要坚持党建引领，健全网格化管理和服务体系，发挥党员先锋模范作用，"
    "把矛盾纠纷化解在基层，坚持以人民为中心，全面从严治党，不断增强人民群众的获得感、"
    "幸福感、安全感。"
)


def reworded(text: str, every: int) -> str:
    """Light rewording: one character in every `every` replaced, punctuation kept."""
    out = []
    count = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff":
            count += 1
            if count % every == 0:
                ch = "某"
        out.append(ch)
    return "".join(out)


def share(new: str, source: str) -> float:
    return o.compare(new, source)[0]


# -- normalising and fingerprints --------------------------------------------------------------
def test_normalising_drops_punctuation_and_space_and_maps_back() -> None:
    text = "ＡＢ， c　d\n中文！"
    found = o.normalise(text)
    assert "".join(chr(c) for c in found.codes) == "abcd中文"
    assert [text[i] for i in found.origin] == ["Ａ", "Ｂ", "c", "d", "中", "文"]
    # NFKC that makes several characters of one: every part maps back to that one.
    parts = o.normalise("㈱公司")
    assert "".join(chr(c) for c in parts.codes) == "株公司"
    assert parts.origin.tolist() == [0, 1, 2]


def test_hashes_are_stable_across_processes() -> None:
    # Fixed values: Python's salted hash() would change these on every run.
    assert o.shingle_hashes(o.normalise("基层治理是国家治理的基石").codes)[:2].tolist() == [
        int(h) for h in o.shingle_hashes(o.normalise("基层治理是国家治理的基石").codes)[:2]
    ]
    first = int(o.fingerprint("基层治理是国家治理的基石。近年来").hash[0])
    assert first == int(o.fingerprint("基层治理是国家治理的基石。近年来").hash[0])
    assert o.shingle_hashes(np.array([ord(c) for c in "一二三四五六七八九十"], np.uint32))[
        0
    ] == np.uint64(o.shingle_hashes(o.normalise("一二三四五六七八九十").codes)[0])


def test_fingerprint_many_equals_one_by_one() -> None:
    texts = [FIRST, SECOND, "", "短文", OTHER_HALF + "㈱", SAME_TOPIC, "一二三四五六七八九十一"]
    together = o.fingerprint_many(texts, chunk_chars=100)
    for i, text in enumerate(texts):
        alone = o.fingerprint(text)
        mine = together.text == i
        assert together.hash[mine].tolist() == alone.hash.tolist()
        assert together.position[mine].tolist() == alone.position.tolist()


def test_winnowing_guarantee_every_shared_run_of_k_plus_w_minus_1_has_a_fingerprint() -> None:
    rng = np.random.default_rng(7)
    alphabet = o.normalise(FIRST + SECOND + OTHER_HALF).codes
    for _ in range(50):
        codes = rng.choice(alphabet, 200)
        text = "".join(chr(c) for c in codes)
        kept = set(o.fingerprint(text).hash.tolist())
        start = int(rng.integers(0, 200 - (o.K + o.W - 1)))
        window = text[start : start + o.K + o.W - 1]
        assert kept & set(o.fingerprint(window).hash.tolist())


def test_shingle_length_separates_copying_from_shared_vocabulary() -> None:
    """Why K = 10: shingles of 8 or fewer characters match independent writing on the same
    topic through its eight-character set phrases (不忘初心、牢记使命, 坚持以人民为中心);
    12 or more lose a copy reworded one character in twelve."""
    copied = FIRST + SECOND
    edited = reworded(copied, 12)
    figures = {}
    original_k = fingerprints.K
    try:
        for k in (6, 8, 10, 12):
            fingerprints.K = k
            false = max(share(SAME_TOPIC, copied), share(SAME_TOPIC_2, copied))
            figures[k] = (false, share(edited, copied))
    finally:
        fingerprints.K = original_k
    assert figures[6][0] > 0.15 and figures[8][0] > 0.05  # same-topic writing looks copied
    assert figures[10][0] < 0.01 and figures[10][1] > 0.9
    assert figures[12][1] < 0.1  # the reworded copy slips through


# -- the score and the passages ------------------------------------------------------------------
def test_identical_scores_one() -> None:
    score, passages = o.compare(FIRST + SECOND, FIRST + SECOND)
    assert score == 1.0
    assert passages == [(0, len(FIRST + SECOND) - 1, 0, len(FIRST + SECOND) - 1)]


def test_half_copied_with_changed_punctuation_is_found_where_it_is() -> None:
    copied = FIRST.replace("，", " ").replace("。", "．\n").replace("、", "，")
    new = OTHER_HALF + "\n\n" + copied
    score, passages = o.compare(new, FIRST + SECOND)
    assert 0.4 < score < 0.6
    assert len(passages) == 1
    new_start, new_end, source_start, source_end = passages[0]
    assert new_start == len(OTHER_HALF) + 2 and new[new_start] == "基"
    assert new[new_end - 1] == "态"  # the last copied character; the trailing mark is not text
    assert (source_start, source_end) == (0, len(FIRST) - 1)


def test_unrelated_writing_on_the_same_topic_scores_near_zero() -> None:
    for text in (SAME_TOPIC, SAME_TOPIC_2, OTHER_HALF):
        assert share(text, FIRST + SECOND) < 0.05


chinese = st.text(
    alphabet=st.sampled_from(list(FIRST + SECOND + OTHER_HALF + "，。 \n")), max_size=120
)


@settings(max_examples=60, deadline=None)
@given(chinese, chinese)
def test_score_is_a_share(new: str, source: str) -> None:
    score, passages = o.compare(new, source)
    assert 0.0 <= score <= 1.0
    for a, b, c, d in passages:
        assert 0 <= a < b <= len(new) and 0 <= c < d <= len(source)


@settings(max_examples=60, deadline=None)
@given(chinese, chinese, chinese)
def test_a_text_inside_another_scores_one(inner: str, before: str, after: str) -> None:
    if len(o.normalise(inner).codes) < o.K:
        return
    assert share(inner, before + "\n" + inner + "\n" + after) == 1.0


# -- the index and the service -------------------------------------------------------------------
def piece(
    store: Store, person: int, text: str, *, status: str = "submitted", title: str = ""
) -> int:
    values = {"kind": "essay", "title": title or "文章", "text": text, "status": status}
    return int(
        store.transaction(lambda cur: store.records.insert(cur, person, date(2026, 3, 1), values))
    )


def test_a_copied_piece_is_found_with_its_writer_and_stored(office: Office) -> None:
    store = office.store
    source = piece(store, office.other_staff_id, FIRST + SECOND, title="基层治理的思考")
    assert o.index_piece(store, source) > 0
    copy = piece(store, office.staff_id, OTHER_HALF + FIRST.replace("，", ","))
    result = o.check_piece(store, copy, NOW)
    assert 0.4 < result.score < 0.6
    [match] = result.matches
    assert (match.source, match.source_id, match.owner, match.title) == (
        "piece",
        source,
        "李四",
        "基层治理的思考",
    )
    assert not match.own
    stored = store.originality.result(copy)
    assert stored is not None and stored["score"] == result.score
    assert json.loads(stored["matches"])[0]["passages"] == [list(p) for p in match.passages]
    # Checking again replaces the stored result.
    o.check_piece(store, copy, NOW)
    assert store.db.scalar("SELECT count(*) FROM originality_results") == 1


def test_index_piece_is_idempotent(office: Office) -> None:
    store = office.store
    first = piece(store, office.staff_id, FIRST + SECOND)
    rows = o.index_piece(store, first)
    o.index_piece(store, first)
    assert store.originality.fingerprint_rows() == rows


def test_the_writers_own_earlier_piece_is_matched(office: Office) -> None:
    store = office.store
    earlier = piece(store, office.staff_id, FIRST + SECOND)
    o.index_piece(store, earlier)
    again = piece(store, office.staff_id, FIRST + SECOND)
    result = o.check_piece(store, again, NOW)
    assert result.score == 1.0 and result.matches[0].own
    assert result.matches[0].source_id == earlier  # never itself, though it is indexed too
    o.index_piece(store, again)
    assert all(m.source_id != again for m in o.check_piece(store, again, NOW).matches)


def test_a_template_text_is_matched(office: Office) -> None:
    store = office.store
    template = o.index_template(
        store, "范文网：基层治理心得", "\n" + SECOND + "\n", office.office_id
    )
    new = piece(store, office.staff_id, OTHER_HALF + SECOND)
    result = o.check_piece(store, new, NOW)
    [match] = result.matches
    assert (match.source, match.source_id, match.owner) == ("template", template, "赵主任")
    assert 0.4 < result.score < 0.6 and result.coverage == result.score
    with pytest.raises(ValidationError):
        o.index_template(store, "空", "短。", office.office_id)


def test_the_same_template_text_is_not_added_twice(office: Office) -> None:
    store = office.store
    o.index_template(store, "范文网：基层治理心得", SECOND, office.office_id)
    rows = store.originality.fingerprint_rows()
    # A double click, or the same file uploaded again under another name.
    with pytest.raises(ValidationError) as why:
        o.index_template(store, "另一个标题", "  " + SECOND + "\n", office.office_id)
    assert why.value.key == "originality.template_duplicate"
    assert why.value.params == {"title": "范文网：基层治理心得"}
    assert len(store.originality.template_list()) == 1
    assert store.originality.fingerprint_rows() == rows


def test_a_removed_template_is_no_longer_matched_but_old_results_stay(office: Office) -> None:
    store = office.store
    template = o.index_template(store, "范文网：基层治理心得", SECOND, office.office_id)
    checked = piece(store, office.staff_id, OTHER_HALF + SECOND)
    before = o.check_piece(store, checked, NOW)
    assert before.matches[0].source == "template"
    with pytest.raises(NotAllowed):
        o.remove_template(store, template, actor_roles=frozenset({"trainer"}))
    assert o.remove_template(store, template, actor_roles=OFFICE) == "范文网：基层治理心得"
    assert store.originality.template_list().empty
    assert store.db.scalar("SELECT count(*) FROM text_fingerprints WHERE source = 'template'") == 0
    # The reviewer still sees what the piece matched when it was checked...
    stored = store.originality.result(checked)
    assert stored is not None
    assert json.loads(stored["matches"])[0]["title"] == "范文网：基层治理心得"
    # ...and a new piece copying the same text is no longer held against it.
    later = piece(store, office.other_staff_id, OTHER_HALF + SECOND)
    assert o.check_piece(store, later, NOW).matches == ()
    # Removing it twice (two tabs) says it is gone.
    with pytest.raises(ValidationError) as why:
        o.remove_template(store, template, actor_roles=OFFICE)
    assert why.value.key == "originality.template_missing"
    # The same text can be added again once removed.
    assert o.index_template(store, "重新加入", SECOND, office.office_id) != template


def test_coverage_adds_up_several_sources(office: Office) -> None:
    store = office.store
    o.index_piece(store, piece(store, office.other_staff_id, FIRST))
    o.index_template(store, "范文", SECOND, office.office_id)
    result = o.check_piece(store, piece(store, office.staff_id, FIRST + SECOND), NOW)
    assert len(result.matches) == 2
    assert result.score < 0.6 and result.coverage == 1.0


def test_withdrawn_pieces_leave_the_index_and_drafts_are_never_compared(office: Office) -> None:
    store = office.store
    withdrawn = piece(store, office.other_staff_id, FIRST + SECOND)
    o.index_piece(store, withdrawn)
    store.transaction(
        lambda cur: cur.execute("UPDATE records SET status = 'withdrawn' WHERE id = ?", [withdrawn])
    )
    o.remove_piece(store, withdrawn)
    draft = piece(store, office.other_staff_id, FIRST + SECOND, status="draft")
    assert o.index_piece(store, draft) == 0
    new = piece(store, office.staff_id, FIRST + SECOND)
    result = o.check_piece(store, new, NOW)
    assert result.score == 0.0 and result.matches == ()


def test_a_draft_left_in_the_index_is_still_not_compared(office: Office) -> None:
    store = office.store
    earlier = piece(store, office.other_staff_id, FIRST + SECOND)
    o.index_piece(store, earlier)
    # Sent back to draft without the index being told: the check itself leaves it out.
    store.transaction(
        lambda cur: cur.execute("UPDATE records SET status = 'draft' WHERE id = ?", [earlier])
    )
    assert o.check_piece(store, piece(store, office.staff_id, FIRST + SECOND), NOW).score == 0


def test_index_all_pieces_equals_indexing_one_by_one(office: Office) -> None:
    store = office.store
    ids = [piece(store, office.staff_id, t) for t in (FIRST, SECOND, OTHER_HALF, SAME_TOPIC)]
    piece(store, office.staff_id, SAME_TOPIC_2, status="draft")
    o.index_template(store, "范文", SECOND, office.office_id)
    for record_id in ids:
        o.index_piece(store, record_id)
    one_by_one = store.db.rows(
        "SELECT * FROM text_fingerprints ORDER BY source, source_id, position"
    )
    stats = o.index_all_pieces(store)
    assert stats.pieces == 4
    assert (
        store.db.rows("SELECT * FROM text_fingerprints ORDER BY source, source_id, position")
        == one_by_one
    )
