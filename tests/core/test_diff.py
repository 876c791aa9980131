from apps.core.diff import Chunk, char_diff, diff_html


def test_it_marks_changed_phrases_not_scattered_characters():
    chunks = char_diff("地区生产总值年均增长6%左右", "地区生产总值年均增长6.5%左右")
    assert chunks == [
        Chunk("equal", "地区生产总值年均增长6"),
        Chunk("insert", ".5"),
        Chunk("equal", "%左右"),
    ]


def test_a_lone_unchanged_character_between_changes_is_folded_in():
    chunks = char_diff("建设甲园区", "建成乙园区")
    assert chunks == [
        Chunk("equal", "建"),
        Chunk("delete", "设甲"),
        Chunk("insert", "成乙"),
        Chunk("equal", "园区"),
    ]


def test_the_html_keeps_paragraphs_and_escapes_text():
    html = diff_html("<p>第一段。</p><p>a&lt;b</p>", "<p>第一段。</p><p>a&lt;c</p>")
    assert html == "<p>第一段。</p><p>a&lt;<del>b</del><ins>c</ins></p>"


# Bounded cost --------------------------------------------------------------------

import random  # noqa: E402

from apps.core import diff as diff_module  # noqa: E402
from apps.core.diff import DiffBudget  # noqa: E402


def _random_text(rng, n):
    return "".join(rng.choice("的发展推进建设加快全面完善体系") for _ in range(n))


def test_an_edited_paragraph_is_marked_inside_that_paragraph_only():
    old = "<p>第一段。</p><p>加快建设现代产业体系。</p><p>第三段。</p>"
    new = "<p>第一段。</p><p>加快构建现代产业体系。</p><p>第三段。</p><p>第四段。</p>"
    assert diff_html(old, new) == (
        "<p>第一段。</p><p>加快<del>建设</del><ins>构建</ins>现代产业体系。</p>"
        "<p>第三段。</p><p><ins>第四段。</ins></p>"
    )


def test_a_change_across_paragraphs_closes_its_marks_in_each_paragraph():
    html = diff_html("<p>甲乙丙</p><p>丁戊己</p>", "<p>甲乙</p><p>新</p><p>戊己</p>")
    # Every paragraph opens and closes its own marks: well-formed HTML.
    for paragraph in html.removeprefix("<p>").removesuffix("</p>").split("</p><p>"):
        assert paragraph.count("<del>") == paragraph.count("</del>")
        assert paragraph.count("<ins>") == paragraph.count("</ins>")


def test_scattered_matches_read_as_one_replacement():
    # Two different sentences share 的/发展; marking those as unchanged helps nobody.
    chunks = char_diff("推进的体系", "完善的能力")
    assert [c.op for c in chunks] == ["delete", "insert"]


def test_two_unrelated_chapters_at_the_length_limit_cost_at_most_the_budget(monkeypatch):
    """The history and conflict pages of two 200,000-character saves once cost
    every reader 10 to 40 seconds. Character comparisons are now capped: count the
    cells the comparisons are asked to fill."""
    cells = []
    real = diff_module.Indel.opcodes

    class Spy:
        @staticmethod
        def opcodes(a, b):
            cells.append(len(a) * len(b))
            return real(a, b)

    monkeypatch.setattr(diff_module, "Indel", Spy)
    rng = random.Random(7)
    for old, new in (
        (f"<p>{_random_text(rng, 200_000)}</p>", f"<p>{_random_text(rng, 200_000)}</p>"),
        (
            "".join(f"<p>{_random_text(rng, 199)}</p>" for _ in range(1000)),
            "".join(f"<p>{_random_text(rng, 199)}</p>" for _ in range(1000)),
        ),
    ):
        cells.clear()
        html = diff_html(old, new)
        assert sum(cells) <= diff_module.PAGE_CELLS + diff_module.PARAGRAPH_CELLS
        assert "<del>" in html and "<ins>" in html


def test_a_block_over_the_budget_is_shown_as_replaced_paragraphs():
    budget = DiffBudget(cells=5)
    html = diff_html("<p>加快建设</p><p>旧段落</p>", "<p>加快构建</p><p>新段</p>", budget)
    # The first pair (2 × 2 cells) fits; the second (3 × 2) no longer does.
    assert html == (
        "<p>加快<del>建设</del><ins>构建</ins></p><p><del>旧段落</del><ins>新段</ins></p>"
    )


def test_the_budget_is_shared_by_every_diff_on_a_page():
    budget = DiffBudget(cells=4)
    first = diff_html("<p>甲乙</p>", "<p>丙丁</p>", budget)
    second = diff_html("<p>戊己</p>", "<p>庚辛</p>", budget)
    assert first == "<p><del>甲乙</del><ins>丙丁</ins></p>"
    # The first comparison spent the budget: the second shows whole texts.
    assert second == "<p><del>戊己</del><ins>庚辛</ins></p>"
    assert budget.cells == 0
