"""Trust: a draft carries only the officer's facts; another unit's events, names and counts never
come through, even without a number, and ordinary words stay ordinary.

The precedents are the real seeds plus four documents of other communes written with the traps of
real files (tests/data/precedents/). The oracle is independent of the guards: the specifics a person
labelled in those documents (benchmarks/precedent_sentences.yaml) must never appear in a draft
unless the officer's facts say them, and every figure in prose must be a value the officer gave.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.app.factory import Assistant
from assistant.config import load_settings
from assistant.core.facts import facts_from_dict
from assistant.core.outlines import load_outlines
from assistant.core.schema import PLACEHOLDER
from assistant.documents.whole import draft_document
from assistant.draft import audit
from assistant.draft.adapt import Precedent, retarget
from assistant.draft.extractive import borrow
from assistant.draft.guards import apply_guards, make_context
from assistant.draft.specifics import LOCAL_REF, PERSON, find_specifics
from assistant.index.indexer import ingest_paths
from assistant.vn.normalize import normalize_text

ROOT = Path(__file__).resolve().parent.parent
PRECEDENTS = ROOT / "tests" / "data" / "precedents"
LABELLED = yaml.safe_load((ROOT / "benchmarks" / "precedent_sentences.yaml").read_text(encoding="utf-8"))
OFFICER = {"issuer": "Ủy ban nhân dân xã Hòa An", "place": "Hòa An", "level": "xã", "year": 2025,
           "signer": "Trần Thị Bình", "plan": "Kế hoạch số 88/KH-UBND ngày 12/11/2025",
           "theme": "Bình đẳng giới và an toàn cho phụ nữ và trẻ em gái trong kỷ nguyên số",
           "notes": "Tổ chức lễ phát động có 150 người tham dự. Kinh phí ngân sách nhà nước 12 triệu đồng.",
           "figures": [{"activity": "Truyền thông trực tiếp tại thôn", "count": 6, "male": 120, "female": 210,
                        "level": "Thôn"}]}
BARE = {k: v for k, v in OFFICER.items() if k not in ("notes", "figures", "plan")}


SPANS = {s for item in LABELLED for s in item.get("specifics") or []}


def foreign_specifics(text: str, facts) -> list[str]:
    return audit.foreign_specifics(text, facts, SPANS)


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    """A real Chroma store and BM25 over the seeds and the adversarial precedents (fake vectors: the
    retrieval's quality is tested elsewhere; here any precedent may be drawn)."""
    settings = load_settings(env={}, index_dir=tmp_path_factory.mktemp("trust") / "index", draft_backend="extractive")
    assistant = Assistant(settings, embeddings=DeterministicFakeEmbedding(size=64), chat_model=None)
    report = ingest_paths([ROOT / "corpus", PRECEDENTS], assistant.store, settings.chunk_chars)
    assert not report.failed and len(report.added) == 8
    return assistant


@pytest.mark.parametrize("facts", [OFFICER, BARE], ids=["with-facts", "bare"])
def test_no_draft_of_any_section_carries_another_units_specifics(parts, facts):
    facts = facts_from_dict(facts)
    leaks = {}
    for outline in load_outlines().values():
        drafter = parts.drafter(outline)
        for section in outline.all_sections():
            if section.children:
                continue
            text = drafter.draft(section.id, facts).text
            found = foreign_specifics(text, facts)
            if found:
                leaks[f"{outline.id} {section.id}"] = found
            assert "[kiểm tra: đoàn kết" not in text.lower() or "Đoàn Kết" in text  # ordinary words stay
    assert not leaks, leaks


def test_every_officer_fact_appears_once_in_its_section(parts):
    facts = facts_from_dict(OFFICER)
    record = draft_document(parts.drafter(load_outlines()["bao-cao-thang-hanh-dong"]), facts)
    texts = {sid: s.versions[-1].text for sid, s in record.sections.items()}
    prose = {sid: t for sid, t in texts.items() if not sid.startswith("III")}
    assert [sid for sid, t in prose.items() if "150 người tham dự" in t] == ["I.2"]
    assert [sid for sid, t in prose.items() if "12 triệu đồng" in t] == ["I.4.a"]
    assert [sid for sid, t in prose.items() if "Truyền thông trực tiếp tại thôn" in t] == ["I.3"]
    assert "Kế hoạch số 88/KH-UBND ngày 12/11/2025" in texts["I.1"]  # the plan fills the precedent's wording
    assert sum(t.count("150 người") for t in prose.values()) == 1


def test_the_plan_in_the_facts_fills_the_precedents_reference():
    facts = facts_from_dict(OFFICER)
    section = load_outlines()["bao-cao-thang-hanh-dong"].section("I.1")
    lent, text = borrow("Ủy ban nhân dân xã Thanh Xá đã ban hành Kế hoạch số 65/KH-UBND ngày 16/11/2023 về thực "
                        "hiện Tháng hành động năm 2023.", Precedent("x", "Thanh Xá", "xã", 2023), facts, section)
    assert lent == "general"
    assert text == normalize_text("Ủy ban nhân dân xã Hòa An đã ban hành Kế hoạch số 88/KH-UBND ngày 12/11/2025 về "
                                  "thực hiện Tháng hành động năm 2025.")
    higher = facts_from_dict({**OFFICER, "plan": "Kế hoạch số 15/KH-UBND ngày 05/11/2025 của UBND tỉnh"})
    lent, text = borrow("Ủy ban nhân dân xã đã ban hành Kế hoạch số 65/KH-UBND ngày 16/11/2023.",
                        Precedent("x", "Thanh Xá", "xã", 2023), higher, section)
    assert "15/KH-UBND" not in text and PLACEHOLDER in text  # the province's plan is not the commune's own
    subject = load_outlines()["bao-cao-thang-hanh-dong"].title_keywords
    annual = ("Ngay từ đầu năm Ủy ban nhân dân xã đã xây dựng Kế hoạch số 45/KH-UBND ngày 10/02/2024 thực hiện công "
              "tác vì sự tiến bộ của phụ nữ và bình đẳng giới năm 2024.")  # seen in an Action Month report's draft
    lent, text = borrow(annual, Precedent("x", "Thanh Xá", "xã", 2024), facts, section, report=True, subject=subject)
    assert "88/KH-UBND" not in text  # the officer's Action Month plan is not the annual plan of the precedent
    lent, text = borrow("Ủy ban nhân dân xã Thanh Xá đã ban hành Kế hoạch số 65/KH-UBND ngày 16/11/2023 về thực "
                        "hiện Tháng hành động năm 2023.", Precedent("x", "Thanh Xá", "xã", 2023), facts, section,
                        subject=subject)
    assert "88/KH-UBND ngày 12/11/2025" in text  # the same subject: filled



@pytest.mark.parametrize("programme", [
    "Kế hoạch tuyên truyền về bình đẳng giới trên địa bàn xã Thanh Xá giai đoạn 2022- 2030",  # by its name
    "Chương trình truyền thông về bình đẳng giới trên địa bàn xã giai đoạn 2022 - 2030",  # by its level
])
def test_another_units_own_programme_becomes_a_slot_and_national_ones_stay(programme):
    """A precedent's aim lists national plans and its commune's own programme: retargeted, the programme would
    say the officer's unit has it. It becomes a slot to fill, if she has one; the national plans stay."""
    facts = facts_from_dict(OFFICER)
    section = load_outlines()["ke-hoach-binh-dang-gioi-nam"].section("I.1")
    national = ("Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030, Kế hoạch Phòng ngừa và ứng phó với "
                "bạo lực trên cơ sở giới giai đoạn 2021 - 2025")
    lent, text = borrow(f"Triển khai thực hiện hiệu quả các mục tiêu, chỉ tiêu của {national}, {programme}.",
                        Precedent("x", "Thanh Xá", "xã", 2023), facts, section)
    assert lent == "general"
    assert text == normalize_text(f"Triển khai thực hiện hiệu quả các mục tiêu, chỉ tiêu của {national}, "
                                  f"{PLACEHOLDER} (kế hoạch, chương trình của xã Hòa An, nếu có).")
    assert foreign_specifics(text, facts) == []
    lent, text = borrow(f"Thực hiện {national}.", Precedent("x", "Thanh Xá", "xã", 2023), facts, section)
    assert (lent, text) == ("general", normalize_text(f"Thực hiện {national}."))


ORDINARY = Precedent("x", "Đoàn Kết", "xã", 2024)


@pytest.mark.parametrize("sentence, kept", [
    ("Phát huy tinh thần đoàn kết của các hội, đoàn thể trong công tác tuyên truyền.", "tinh thần đoàn kết"),
    ("Các ngành thống nhất nội dung tuyên truyền trước khi triển khai.", "thống nhất"),
    ("Xây dựng gia đình hòa bình, ấm no, bình đẳng, tiến bộ, hạnh phúc.", "hòa bình"),
])
def test_ordinary_words_that_are_commune_names_stay_ordinary(sentence, kept):
    facts = facts_from_dict(OFFICER)
    text = retarget(sentence, ORDINARY, facts)
    assert normalize_text(kept) in text and normalize_text("Hòa An") not in text
    guarded, warnings = apply_guards(text, make_context(facts, ["Đoàn Kết", "Thống Nhất", "Hòa Bình"]))
    assert guarded == text and not warnings


@pytest.mark.parametrize("sentence, absent", [
    ("Tổ chức Lễ phát động tại trường THCS Đoàn Kết.", "trường THCS Hòa An"),
    ("Phối hợp với Hợp tác xã chè Đoàn Kết tổ chức tọa đàm.", "Hợp tác xã chè Hòa An"),
    ("Cấp huyện kết thúc hoạt động từ ngày 01/7/2025.", "Cấp xã"),
    ("Phối hợp với Phòng Văn hóa - Xã hội huyện tuyên truyền.", "Xã hội xã"),
])
def test_institutions_and_other_bodies_are_never_retargeted(sentence, absent):
    text = retarget(sentence, Precedent("x", "Đoàn Kết", "huyện" if "huyện" in sentence else "xã", 2024),
                    facts_from_dict(OFFICER))
    assert absent not in text


def test_only_the_precedents_self_reference_is_retargeted_and_abolished_bodies_are_flagged():
    facts = facts_from_dict(OFFICER)
    own = retarget("Ủy ban nhân dân xã Đoàn Kết chỉ đạo trên địa bàn xã.", ORDINARY, facts)
    assert own == normalize_text("Ủy ban nhân dân xã Hòa An chỉ đạo trên địa bàn xã.")
    district = Precedent("y", "Tân Uyên", "huyện", 2024)
    text = retarget("Các hoạt động được triển khai trên địa bàn huyện; phối hợp với Phòng Văn hóa - Xã hội huyện.",
                    district, facts)
    assert "trên địa bàn xã" in text and "Phòng Văn hoá - Xã hội huyện" in text
    flagged, warnings = apply_guards(text, make_context(facts))
    assert "[kiểm tra: Phòng Văn hoá - Xã hội huyện]" in flagged and warnings[0].code == "defunct-body"


@pytest.mark.parametrize("sentence, kind", [
    ("Đồng chí Lò Văn Thắng, Phó Chủ tịch UBND xã, phát biểu phát động.", PERSON),
    ("Tại buổi lễ, bà Nguyễn Thị Hoa ký cam kết.", PERSON),
    ("Thực hiện Kế hoạch số 15/KH-BCĐ của Ban Chỉ đạo huyện.", LOCAL_REF),
])
def test_people_and_local_symbols_are_another_units_facts(sentence, kind):
    assert kind in {s.kind for s in find_specifics(sentence, "Đoàn Kết", results=True)}


def test_another_units_dated_event_is_not_moved_to_the_officers_year():
    section = load_outlines()["bao-cao-thang-hanh-dong"].section("I.3")
    lent, text = borrow("Ngày 25/11/2024, xã tổ chức mít tinh hưởng ứng tại nhà văn hóa thôn Nà Khương.",
                        ORDINARY, facts_from_dict(BARE), section)
    assert lent == "pattern" and "25/11/2025" not in text and "Nà Khương" not in text
    assert text.startswith(f"Ngày {PLACEHOLDER}, xã tổ chức mít tinh")
    general = load_outlines()["bao-cao-thang-hanh-dong"].section("II.2")
    assert borrow("Ngày 25/11/2024, xã tổ chức mít tinh tại thôn Nà Khương.", ORDINARY,
                  facts_from_dict(BARE), general)[0] == ""  # evaluation: left out, not slotted


def test_a_person_the_officer_never_named_is_flagged_and_the_signer_is_not():
    facts = facts_from_dict(OFFICER)
    out, warnings = apply_guards("Đồng chí Lò Văn Thắng phát biểu; bà Trần Thị Bình ký báo cáo.", make_context(facts))
    assert "[kiểm tra: Lò Văn Thắng]" in out and "[kiểm tra: Trần Thị Bình]" not in out
    assert [w.code for w in warnings] == ["stale-name"]


@pytest.mark.parametrize("sentence, kind", [
    ("Trường THCS Lê Lợi tổ chức ngoại khóa về bình đẳng giới.", "institution"),
    ("Thôn Nà Khương tổ chức sinh hoạt chuyên đề.", "place"),
])
def test_a_capitalised_institution_or_hamlet_is_another_units_fact(sentence, kind):
    assert kind in {s.kind for s in find_specifics(sentence, "Đoàn Kết")}


def test_a_commune_whose_name_starts_like_the_precedents_is_another_unit():
    text = retarget("Ủy ban nhân dân xã Tân An phối hợp với xã Tân An Hội tổ chức tuyên truyền.",
                    Precedent("x", "Tân An", "xã", 2024), facts_from_dict(OFFICER))
    assert "Tân An Hội" in text and text.startswith(normalize_text("Ủy ban nhân dân xã Hòa An"))
    own = facts_from_dict({**OFFICER, "place": "Tân An", "issuer": "Ủy ban nhân dân xã Tân An"})
    assert "[kiểm tra: Tân An Hội]" in apply_guards("Phối hợp với xã Tân An Hội.", make_context(own, ["Tân An Hội"]))[0]


def test_a_ratio_is_slotted_whole_and_a_half_given_total_is_not_made_up():
    section = load_outlines()["bao-cao-thang-hanh-dong"].section("I.3")
    lent, text = borrow("Có 9/27 thôn tổ chức truyền thông trực tiếp về bình đẳng giới.", ORDINARY,
                        facts_from_dict(BARE), section)
    assert lent == "pattern" and "27" not in text and f"Có {PLACEHOLDER} thôn" in text
    from assistant.core.facts import FigureRow, row_line
    assert "120 lượt" not in row_line(FigureRow("Tập huấn", 2, 120, None))


def test_the_officers_plan_takes_its_own_attribution_and_an_undated_plan_leaves_a_slot():
    plan = load_outlines()["ke-hoach-thang-hanh-dong"].section("I.1")
    higher = facts_from_dict({**OFFICER, "plan": "Kế hoạch số 15/KH-UBND ngày 05/11/2025 của UBND tỉnh"})
    lent, text = borrow("Thực hiện Kế hoạch số 65/KH-UBND ngày 10/11/2023 của Ban Chỉ đạo công tác gia đình về triển "
                        "khai Tháng hành động.", ORDINARY, higher, plan)
    assert "Ban Chỉ đạo" not in text and "15/KH-UBND ngày 05/11/2025 của UBND tỉnh" in text
    undated = facts_from_dict({**OFFICER, "plan": "Kế hoạch số 88/KH-UBND"})
    lent, text = borrow("Thực hiện Kế hoạch số 65/KH-UBND ngày 15/11/2023, xã triển khai các hoạt động.", ORDINARY,
                        undated, plan)
    assert "88/KH-UBND ngày […]" in text and "15/11" not in text


def test_another_units_event_in_a_report_section_of_details_is_a_claim():
    section = load_outlines()["bao-cao-thang-hanh-dong"].section("I.1")
    lent, _ = borrow("Ban Chỉ đạo xã đã tổ chức kiểm tra việc triển khai tại các thôn.", ORDINARY,
                     facts_from_dict(OFFICER), section, report=True)
    assert lent == "claim"


@pytest.mark.parametrize("sentence", [
    "Xây dựng chương trình, kế hoạch gắn với thực hiện bình đẳng giới được tăng cường, có hiệu quả, tiêu biểu là "
    "công tác quy hoạch, phát triển cán bộ nữ.",
    "Tại địa phương chưa phân công cán bộ chuyên trách về bình đẳng giới, do vậy việc thực hiện vẫn do Hội Phụ nữ "
    "thực hiện là chủ yếu.",
    # seen in the session-13 walk: another unit's lesson, unmarked
    "Thống nhất trong chỉ đạo và phát huy vai trò của người có uy tín trong cộng đồng là bài học kinh nghiệm quan "
    "trọng rút ra từ Tháng hành động năm nay.",
    # seen in the session-14 walk: how most members of another unit's committee work, unmarked
    "Do công tác chuyên môn của các thành viên nhiều và hầu hết là kiêm nhiệm nên chưa thực sự quan tâm đúng mức "
    "đến công tác của Ban.",
])
def test_the_situation_another_unit_singles_out_in_its_evaluation_is_a_claim(sentence):
    """Seen in the session-12 walk: a ward's report stated another ward's example and its lack of a
    full-time officer, unmarked, in its own evaluation."""
    outline = load_outlines()["bao-cao-thang-hanh-dong"]
    for section_id in ("II.1", "II.2"):
        assert borrow(sentence, ORDINARY, facts_from_dict(BARE), outline.section(section_id), report=True)[0] == "claim"
    general = "Các ban, ngành, đoàn thể đã phối hợp chặt chẽ, tạo chuyển biến tích cực trong nhận thức của nhân dân."
    assert borrow(general, ORDINARY, facts_from_dict(BARE), outline.section("II.1"), report=True)[0] == "general"


@pytest.mark.parametrize("sentence", [
    "Nhiều người chưa biết tiếng phổ thông nên hiệu quả tuyên truyền có hạn.",
    "Đề nghị cấp trên hỗ trợ tài liệu tuyên truyền song ngữ phù hợp với đồng bào dân tộc thiểu số.",
    "Dân cư phân tán, giao thông đi lại khó khăn, đặc biệt vào mùa mưa.",
])
def test_another_units_circumstances_are_not_lent_unless_the_officer_states_them(sentence):
    section = load_outlines()["bao-cao-thang-hanh-dong"].section("II.2")
    assert borrow(sentence, ORDINARY, facts_from_dict(OFFICER), section, report=True) == ("", "condition")
    mountain = facts_from_dict({**OFFICER, "notes": "Xã vùng cao, đồng bào dân tộc thiểu số chiếm 90%, nhiều "
                                                    "người chưa biết tiếng phổ thông, cần tài liệu song ngữ; dân cư "
                                                    "phân tán, giao thông đi lại khó khăn vào mùa mưa."})
    assert borrow(sentence, ORDINARY, mountain, section, report=True)[0] == "general"  # every condition stated


def test_a_communes_villages_become_a_wards_residential_groups():
    ward = facts_from_dict({**OFFICER, "issuer": "Ủy ban nhân dân phường Tân An", "place": "Tân An",
                            "level": "phường"})
    text = retarget("Các thôn, bản lồng ghép nội dung vào các buổi họp thôn; tổ chức tại nhà văn hóa thôn Đồng "
                    "Tâm và thôn 3.", ORDINARY, ward)
    assert text.startswith("Các tổ dân phố lồng ghép nội dung vào các buổi họp tổ dân phố;")
    assert "thôn Đồng Tâm" in text and "thôn 3" in text  # named villages are another unit's, never renamed
    # a programme's name is no village (seen in the session-16 walk: "nông tổ dân phố mới")
    assert "xây dựng nông thôn mới" in retarget("Chương trình mục tiêu quốc gia xây dựng nông thôn mới.", ORDINARY,
                                                 ward)
    assert "thôn, bản" in retarget("Các thôn, bản lồng ghép.", ORDINARY, facts_from_dict(OFFICER))  # a commune
    ward_precedent = Precedent("w", "Tân An", "phường", 2024)
    assert retarget("Phù hợp với điều kiện thực tế của phường và từng khu phố.", ward_precedent,
                    facts_from_dict(OFFICER)) == normalize_text("Phù hợp với điều kiện thực tế của xã và từng thôn.")
    # seen in the session-14 walk: a delta ward's "khóm" kept in a commune's draft; a named one stays
    assert retarget("Duy trì sinh hoạt tại các khóm, nhất là khóm 3.", ward_precedent, facts_from_dict(OFFICER)) == \
        normalize_text("Duy trì sinh hoạt tại các thôn, nhất là khóm 3.")


def test_the_models_copy_of_the_officers_own_sentence_is_kept():
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.draft.drafter import Drafter
    from tests.test_drafting_logic import PASSAGES, ListRetriever

    facts = facts_from_dict({**OFFICER, "notes": "Xã Hòa An phát động Tháng hành động vì bình đẳng giới năm 2025 "
                                                 "tại hội trường.", "figures": []})
    outline = load_outlines()["bao-cao-thang-hanh-dong"]
    base = Drafter(outline, ListRetriever(PASSAGES)).draft("I.2", facts)
    polished = Drafter(outline, ListRetriever(PASSAGES), FakeListChatModel(responses=[base.text]), "local").draft(
        "I.2", facts)
    assert polished.text.split("\n")[0] == base.text.split("\n")[0]


@pytest.mark.parametrize("sentence", [
    "Chủ đề: “Chung tay chấm dứt bạo lực đối với phụ nữ và trẻ em gái”.",  # hers (2017's), holding 2019's
    "Chủ đề năm 2024: “Đảm bảo an sinh xã hội, tăng quyền năng cho phụ nữ”.",  # a year between
    "Vận động người dân thực hiện bình đẳng giới, “Đảm bảo an sinh xã hội, tăng quyền năng cho phụ nữ và trẻ "
    "em gái”.",  # a known theme cut short, with no "chủ đề"
])
def test_a_past_years_theme_becomes_hers_once_and_hers_stays_whole(sentence):
    """Seen in the session-15 walk: her theme, the 2017 one, came out as "“Chung tay “Chung tay chấm dứt …
    gái” gái”" (the 2019 theme inside it was replaced again), and another year's theme after "Chủ đề năm
    2024:" stayed unmarked in her plan."""
    theme = "Chung tay chấm dứt bạo lực đối với phụ nữ và trẻ em gái"
    precedent = Precedent("p", "Tân Phú", "huyện", 2024)
    text = retarget(sentence, precedent, facts_from_dict({**OFFICER, "theme": theme}))
    assert text.count(theme) == 1 and text.count("“") == 1 and "an sinh" not in text
    assert "an sinh" not in retarget(sentence, precedent, facts_from_dict({**OFFICER, "theme": "", "year": 2026}))
    slogan = "Treo khẩu hiệu “Hãy chấm dứt bạo lực với phụ nữ và trẻ em gái” tại các thôn."  # no theme's opening
    assert retarget(slogan, precedent, facts_from_dict({**OFFICER, "theme": theme})) == slogan


def test_a_districts_communes_become_the_units_below_a_commune_or_ward():
    """Seen in the session-15 walk: a commune's plan said "phối hợp với … UBND các xã, thị trấn tổ chức
    triển khai", the district precedent's own communes."""
    district = Precedent("d", "Tân Uyên", "huyện", 2024)
    sentence = "Phối hợp với các ban, ngành, UBND các xã, thị trấn tổ chức triển khai trên địa bàn huyện."
    assert retarget(sentence, district, facts_from_dict(OFFICER)) == normalize_text(
        "Phối hợp với các ban, ngành, các thôn tổ chức triển khai trên địa bàn xã.")
    ward = facts_from_dict({**OFFICER, "issuer": "Ủy ban nhân dân phường Tân An", "place": "Tân An", "level": "phường"})
    assert retarget("Ủy ban nhân dân các xã, thị trấn báo cáo kết quả.", district, ward) == \
        "Các tổ dân phố báo cáo kết quả."
    commune = Precedent("c", "Thanh Xá", "xã", 2024)  # a commune's neighbours are not units below it
    assert "các xã, thị trấn" in retarget("Học tập kinh nghiệm của các xã, thị trấn bạn.", commune,
                                          facts_from_dict(OFFICER))
