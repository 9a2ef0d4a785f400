"""Tests for qpanalysis.ingest.targets against every target cell of the 2026 list."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpanalysis.ingest.targets import PCT_RE, PCT_SCAN, ParsedTarget, parse_target

RAW = Path(__file__).parents[2] / "data/raw/2026_qingpu_rural_construction_tasks.txt"
PERIODS = ("H1", "Q3", "Q4")  # the last three columns: 上半年 / 第三季度 / 第四季度目标

PCT, QTY, QUAL, NONE = "percent", "quantity", "qualitative", "none"

# (task_id, period, source text, kind, target_pct, target_quantity, target_unit)
# Expected values were written by reading each cell, not by running the parser.
# Qualitative cells that contain numbers carry a note saying why they are not
# percent/quantity targets.
CASES = [
    (1, "H1", "根据街镇诉求，按需指导街镇开展郊野地区规划编制工作。", QUAL, None, None, None),
    # 完工 / 开工 are milestones, no number.
    (2, "H1", "推进西岑单元首发区区级土整项目完工，推进区级配套项目开工；推进曙光单元首发区市级土整项目落地，适时开展区级配套项目相关流程。", QUAL, None, None, None),
    (2, "Q3", "推进西岑单元首发区区级配套项目建设；推进曙光单元首发区市级土整项目落地，适时开展区级配套项目相关流程。", QUAL, None, None, None),
    (2, "Q4", "推进西岑单元首发区区级配套项目建设；推进曙光单元首发区市级土整项目落地，适时开展区级配套项目相关流程。", QUAL, None, None, None),
    (3, "H1", "完成金泽商榻片区全域土地综合整治进度达到20%。", PCT, 20.0, None, None),
    (3, "Q3", "完成金泽商榻片区全域土地综合整治进度达到30%。", PCT, 30.0, None, None),
    (3, "Q4", "完成金泽商榻片区全域土地综合整治进度达到50%。", PCT, 50.0, None, None),
    # Two batches with different progress -> no single target_pct.
    (4, "H1", "完成首批和美乡村试点建设任务，第二批试点总体进度达到60%，第三批试点总体进度达到20%。", PCT, None, None, None),
    (4, "Q3", "完成首批和美乡村试点建设任务，第二批试点总体进度达到75%，第三批试点总体进度达到35%。", PCT, None, None, None),
    (4, "Q4", "完成首批和美乡村试点建设任务，第二批试点总体进度达到90%，第三批试点总体进度达到50%。", PCT, None, None, None),
    # 完成5个…评价工作: five village evaluations done -> a count of completed work.
    (5, "H1", "按照市级要求的时间节点,完成5个乡村振兴示范村发展评价工作。", QTY, None, 5.0, "个"),
    # 2025 / 2026 are years.
    (6, "H1", "2025年项目完成建设;2026年项目启动前期手续办理。", QUAL, None, None, None),
    (6, "Q3", "2026年项目开工建设。", QUAL, None, None, None),
    (6, "Q4", "2026年项目加快建设。", QUAL, None, None, None),
    (7, "H1", "完成20%", PCT, 20.0, None, None),
    (7, "Q3", "完成50%", PCT, 50.0, None, None),
    (7, "Q4", "完成100%", PCT, 100.0, None, None),
    (8, "H1", "完成20%", PCT, 20.0, None, None),
    (8, "Q3", "完成50%", PCT, 50.0, None, None),
    (8, "Q4", "完成100%", PCT, 100.0, None, None),
    (9, "H1", "上网招标,取得中标通知书;施工相关手续办理、开工。", QUAL, None, None, None),
    (9, "Q3", "完成20%", PCT, 20.0, None, None),
    (9, "Q4", "完成100%", PCT, 100.0, None, None),
    (10, "H1", "完成50%", PCT, 50.0, None, None),
    (10, "Q3", "完成70%", PCT, 70.0, None, None),
    (10, "Q4", "完成100%", PCT, 100.0, None, None),
    (11, "H1", "累计完成1公里", QTY, None, 1.0, "公里"),
    (11, "Q3", "累计完成2.2公里", QTY, None, 2.2, "公里"),
    (11, "Q4", "/", NONE, None, None, None),
    (12, "H1", "依需求，以街镇为主体推进相关工作。", QUAL, None, None, None),
    (13, "H1", "完成2个邮供合作综合便民服务站站点的服务升级改造。", QTY, None, 2.0, "个"),
    (13, "Q3", "完成3个邮供合作综合便民服务站站点的服务升级改造。", QTY, None, 3.0, "个"),
    (13, "Q4", "完成4个邮供合作综合便民服务站站点的服务升级改造。", QTY, None, 4.0, "个"),
    (14, "H1", "完成应用场景工作方案，检测上半年农业生产信息化水平，明确“申农服”入网主体。乡村CEO培训方案设计，培训承办单位招投标，学员遴选。", QUAL, None, None, None),
    (14, "Q3", "强化场景宣传，基本完成“申农服”大系统培训与应用。乡村CEO培训实施方案确定，学员名单确认。", QUAL, None, None, None),
    (14, "Q4", "完成农业生产信息化发展水平数据监测和自评，总结场景建设应用成效，“申农服”大系统数据填报情况。开展乡村CEO培训，台账资料整理。", QUAL, None, None, None),
    (15, "H1", "下达2026年度计划任务书;夯实镇街持续开展历年已签约项目房屋腾退、土地整理复垦、安置房建设及交付等工作。", QUAL, None, None, None),
    (15, "Q3", "有续开展历年已签约项目房屋腾退、土地整理复垦、安置房建设及交付等工作。", QUAL, None, None, None),
    # "实际进度" is not followed by a number.
    (15, "Q4", "结合项目实际进度,做好已签项目房屋腾拆、镇里复垦以及安置房建设和交付等工作。", QUAL, None, None, None),
    (16, "H1", "依街镇申请,以街镇推进为主;协同做好村民建房相关工作。", QUAL, None, None, None),
    (17, "H1", "项目审核认定", QUAL, None, None, None),
    (17, "Q3", "完成立项,陆续施工", QUAL, None, None, None),
    (17, "Q4", "完工", QUAL, None, None, None),
    # Two sub-items, same percentage -> target_pct is that percentage.
    (18, "H1", "新改建公共服务设施完成20%;家门口养老服务站完成20%。", PCT, 20.0, None, None),
    (18, "Q3", "新改建公共服务设施完成50%;家门口养老服务站完成50%。", PCT, 50.0, None, None),
    (18, "Q4", "新改建公共服务设施完成100%;家门口养老服务站完成100%。", PCT, 100.0, None, None),
    (19, "H1", "按照相关要求，进一步提高农村义务教育学校专任教师本科以上学历比例。", QUAL, None, None, None),
    (20, "H1", "针对乡村医生队伍中具备执业（助理）医师资格的人员比例情况，进行情况摸排，做好工作方案。", QUAL, None, None, None),
    (20, "Q3", "逐步提升乡村医生队伍中具备执业（助理）医师资格的人员比例。", QUAL, None, None, None),
    # 比例达到70%: an indicator level (share of licensed doctors), not progress.
    (20, "Q4", "乡村医生队伍中具备执业（助理）医师资格的人员比例达到70%。", QUAL, None, None, None),
    (21, "H1", "养老服务设施完成20%。依街镇申请，按需设置社区事务“远程虚拟窗口”延伸服务点。", PCT, 20.0, None, None),
    (21, "Q3", "养老服务设施完成50%。依街镇申请，按需设置社区事务“远程虚拟窗口”延伸服务点。", PCT, 50.0, None, None),
    (21, "Q4", "养老服务设施完成100%。依街镇申请，按需设置社区事务“远程虚拟窗口”延伸服务点。", PCT, 100.0, None, None),
    (22, "H1", "重点打造村居级应急避难场所示范点。", QUAL, None, None, None),
    (22, "Q3", "开展各街镇实地调研，同步起草拟定专项政策文件。", QUAL, None, None, None),
    (22, "Q4", "正式印发政策文件，并统筹推动各街镇落地落实相关建设任务。", QUAL, None, None, None),
    (23, "H1", "完成20%", PCT, 20.0, None, None),
    (23, "Q3", "完成50%", PCT, 50.0, None, None),
    (23, "Q4", "完成100%", PCT, 100.0, None, None),
    # 五好两宜 is a slogan, 二类 a toilet grade: no counts.
    (24, "H1", "结合日常工作开展跟踪巡查，巩固农户卫生厕所全覆盖成果。做好“五好两宜”和美乡村试点等乡村区域公厕建设的行业指导，协助推进建设二类及以上标准公厕。", QUAL, None, None, None),
    (25, "H1", "贯彻生活垃圾分类综合评估指标体系，依法开展生活垃圾分类情况评估，强化无感测评、线上反馈、体检赋能，实现“体检治疗”闭环管理。充分利用好各行各业宣传教育资源，定期组织生活垃圾分类宣传活动。", QUAL, None, None, None),
    (26, "H1", "常态化开展农污处理站、泵站现场检查。", QUAL, None, None, None),
    (26, "Q3", "按照“三基本”工作要求，开展行政村现场检查。", QUAL, None, None, None),
    (26, "Q4", "基本形成农污“三基本”管控长效监管机制。", QUAL, None, None, None),
    (27, "H1", "形象进度累计完成约60%", PCT, 60.0, None, None),
    (27, "Q3", "形象进度累计完成约80%", PCT, 80.0, None, None),
    (27, "Q4", "形象进度累计完成约100%", PCT, 100.0, None, None),
    (28, "H1", "完成20%", PCT, 20.0, None, None),
    (28, "Q3", "完成50%", PCT, 50.0, None, None),
    (28, "Q4", "完成100%", PCT, 100.0, None, None),
    (29, "H1", "完成 20%", PCT, 20.0, None, None),
    (29, "Q3", "完成 50%", PCT, 50.0, None, None),
    (29, "Q4", "完成 100%", PCT, 100.0, None, None),
    # 3 个片区 is the scope of the maintenance work, not an amount completed.
    (30, "H1", "3 个和美乡村片区开展乡村一体化综合管护, 有序推进年内管护工作。", QUAL, None, None, None),
    (31, "H1", "完成自评估报告", QUAL, None, None, None),
    (31, "Q3", "提交自评估报告", QUAL, None, None, None),
    (31, "Q4", "整改完善自评估报告", QUAL, None, None, None),
    (32, "H1", "各和美片区结合实际探索引入专业运营主体, 因地制宜推动运营管理工作。", QUAL, None, None, None),
    (33, "H1", "完成白鹤草莓数智植物工厂验收; 加快推进现代农业园区首发项目建设, 预计进度 50%。", PCT, 50.0, None, None),
    (33, "Q3", "农业园区首发项目建设, 预计进度 80%。", PCT, 80.0, None, None),
    (33, "Q4", "农业园区首发项目建设, 预计进度 100%。", PCT, 100.0, None, None),
    # 十五五 is the 15th five-year plan; 1+3 a function count.
    (34, "H1", "按照《上海市区域农业综合服务中心、农业服务分中心和专业化农业服务站点建设导则》,完成辖区“十五五”期间经营性农业社会化服务网络建设点位调研排摸。", QUAL, None, None, None),
    (34, "Q3", "开展农业综合服务分中心内容的建设总体方案制定,分中心应具备“1+3”服务功能(包括全程机械化作业服务、集中育秧、农资供应、统防统治等)。", QUAL, None, None, None),
    (34, "Q4", "按照都市农业项目规定,研究农业综合服务分中心推进项目可行性方案、设施用地备案、区级立项评审、市级备案等工作。", QUAL, None, None, None),
    # 60万元 is an income threshold; 两级 = two administrative levels.
    (35, "H1", "根据2026年度预算情况,梳理确2026年村级集体经营性收入低于60万元的攻坚名单;完成村、镇两级集体经济组织收益分配工作;根据工作方案,完成街镇自查、区级抽查工作。", QUAL, None, None, None),
    (35, "Q3", "形成半年度工作进展通报,对一村一方案开展调度;动态跟踪自(抽)查问题整改工作。", QUAL, None, None, None),
    # 村100%全覆盖: share of villages above the income line (outcome coverage),
    # not how much of the task's work is done -> indicator, not percent.
    (35, "Q4", "全面实现经营性收入60万元以上村100%全覆盖;整治工作确保11月底前完成整改,并及时做好总结提升。", QUAL, None, None, None),
    (36, "H1", "高质量完成居村“两委”换届各项任务,推动年龄基本持平、学历明显提升;会同财政局、农业农村委开展评审,确定2026年中央财政衔接推进乡村振兴扶持发展新型农村集体经济项目,并抓好方案制定、项目申报等工作。", QUAL, None, None, None),
    (36, "Q3", "做好居村“两委”换届总结,组织开展新一届居村党组织书记示范培训和“两委”班子轮训;深化驻村结对帮扶,加强宣传报道;会同财政局、农业农村委督促相关街镇做好项目推进实施。", QUAL, None, None, None),
    (36, "Q4", "举办驻村指导员交流展示活动,营造比学赶超浓厚氛围;会同财政局、农业农村委做好项目验收和总结等工作。", QUAL, None, None, None),
    (37, "H1", "各行政村完善形成本村积分制工作方案。", QUAL, None, None, None),
    (37, "Q3", "各行政村开展积分制普及宣传、形成初步积分材料。", QUAL, None, None, None),
    (37, "Q4", "开展26年度积分制兑换及总结工作。", QUAL, None, None, None),
    (38, "H1", "指导全区各村使用“一村一码”，持续开展“小事快办”工作。", QUAL, None, None, None),
    (39, "H1", "深化街镇(乡)综治中心规范化建设。", QUAL, None, None, None),
    # 获得16家…提名资格: an outcome (nominations won) among several activities,
    # not a completed-work count (no 完成).
    (40, "H1", "举办区级春节、元宵、清明、端午传统节日主题活动和三下乡活动。获得16家全国文明村镇提名资格。启动乡风文明群艺节目创作。", QUAL, None, None, None),
    # 一批 = "a batch of", not a count.
    (40, "Q3", "举办七夕传统节日活动。拍摄“乡音里的青浦”宣传片。孵化一批精神文明主题文艺作品。", QUAL, None, None, None),
    (40, "Q4", "举办重阳传统节日活动。完成全国文明村镇提名村镇年度创建任务。", QUAL, None, None, None),
    (41, "H1", "按照市局下发的非遗工坊申报要求发动各街镇挖掘辖区内相关单位积极申报，配合做好申报材料上报。", QUAL, None, None, None),
    (41, "Q3", "配合做好评审专家踩点调研工作。", QUAL, None, None, None),
    (41, "Q4", "按照市局相关要求持续推进非遗工坊建设。", QUAL, None, None, None),
]


def _read_target_cells() -> list[tuple[int, str, str]]:
    """Return (task_id, period, text) for every H1/Q3/Q4 cell of the raw file."""
    cells = []
    for line in RAW.read_text(encoding="utf-8").splitlines():
        row = line.split("\t")
        if not row[0].strip().isdigit():
            continue  # title, blank, repeated header, section and footer lines
        for period, text in zip(PERIODS, row[-3:]):
            cells.append((int(row[0]), period, text))
    return cells


@pytest.mark.parametrize(
    ("task_id", "period", "text", "kind", "target_pct", "quantity", "unit"),
    [pytest.param(*case, id=f"{case[0]}-{case[1]}") for case in CASES],
)
def test_bundled_target(task_id, period, text, kind, target_pct, quantity, unit):
    parsed = parse_target(text)
    assert parsed.text == text
    assert parsed.kind == kind
    assert parsed.target_pct == target_pct
    assert parsed.target_quantity == quantity
    assert parsed.target_unit == unit


def test_every_bundled_target_cell_has_a_case():
    cells = _read_target_cells()
    assert len({task for task, _, _ in cells}) == 41
    non_empty = {(task, period, text) for task, period, text in cells if text.strip()}
    cases = {(task, period, text) for task, period, text, *_ in CASES}
    assert len(cases) == len(CASES), "duplicate case"
    assert non_empty - cases == set(), "target cells without a test case"
    assert cases - non_empty == set(), "test cases no longer in the file"


def test_empty_bundled_cells_are_none():
    empty = [(t, p) for t, p, text in _read_target_cells() if not text.strip()]
    assert len(empty) == 22  # Q3 and Q4 of tasks 1 5 12 16 19 24 25 30 32 38 39
    for task, period, text in _read_target_cells():
        if not text.strip():
            assert parse_target(text).kind == "none", (task, period)


@pytest.mark.parametrize(
    ("text", "pct_values", "cumulative", "approx"),
    [
        ("第二批试点总体进度达到60%，第三批试点总体进度达到20%。", (60.0, 20.0), False, False),
        ("新改建公共服务设施完成20%;家门口养老服务站完成20%。", (20.0, 20.0), False, False),
        ("形象进度累计完成约60%", (60.0,), True, True),
        ("累计完成2.2公里", (), True, False),
        ("完成2个邮供合作综合便民服务站站点的服务升级改造。", (), False, False),
        ("预计进度 50%。", (50.0,), False, False),
    ],
)
def test_pct_values_and_flags(text, pct_values, cumulative, approx):
    parsed = parse_target(text)
    assert parsed.pct_values == pct_values
    assert parsed.cumulative is cumulative
    assert parsed.approx is approx


@pytest.mark.parametrize(
    ("text", "indicator_pct"),
    [
        ("乡村医生队伍中具备执业（助理）医师资格的人员比例达到70%。", 70.0),
        ("全面实现经营性收入60万元以上村100%全覆盖;整治工作确保11月底前完成整改", 100.0),
        ("完成20%", None),
    ],
)
def test_indicator_percentages_kept_apart(text, indicator_pct):
    parsed = parse_target(text)
    assert parsed.indicator_pct == indicator_pct
    assert parsed.target_pct is None or parsed.target_pct not in parsed.indicator_pct_values


@pytest.mark.parametrize(
    ("text", "quantity", "unit"),
    [
        ("完成两个站点", 2.0, "个"),
        ("完成三座桥梁", 3.0, "座"),
        ("完成十处", 10.0, "处"),
        ("累计完成约十二公里", 12.0, "公里"),
        ("完成第二批试点", None, None),  # ordinal, not a count
        ("完成一批作品", None, None),  # 一批 = "some", not a count
        ("完成一次性补助发放", None, None),  # 一次性 = "one-off"
    ],
)
def test_chinese_numeral_quantities(text, quantity, unit):
    parsed = parse_target(text)
    assert parsed.target_quantity == quantity
    assert parsed.target_unit == unit


@pytest.mark.parametrize("text", [None, "", "   ", "/", " / ", "／"])
def test_none_texts(text):
    parsed = parse_target(text)
    assert parsed.kind == "none"
    assert parsed.text == ("" if text is None else text)
    assert parsed.pct_values == ()


def test_full_width_percent_and_digits():
    parsed = parse_target("完成２０％")
    assert parsed.text == "完成２０％"
    assert (parsed.kind, parsed.target_pct) == ("percent", 20.0)


def test_parsed_target_is_frozen():
    parsed = parse_target("完成20%")
    assert isinstance(parsed, ParsedTarget)
    with pytest.raises(AttributeError):
        parsed.kind = "none"  # type: ignore[misc]


# Snippets from the real list mixed with random text, so the properties are
# also exercised on strings that do contain numbers and progress words.
_FRAGMENTS = st.sampled_from(
    ["完成", "进度", "达到", "累计", "约", "%", "％", "公里", "个", "两", "十", "第",
     "二", "/", " ", "。", ";", "2.2", "20", "１００", "比例"]
)
_TEXTS = st.one_of(st.text(), st.lists(st.one_of(_FRAGMENTS, st.text(max_size=3))).map("".join))


@given(_TEXTS)
def test_never_raises_and_keeps_text(text):
    parsed = parse_target(text)
    assert parsed.text is text
    assert parsed.kind in {"percent", "quantity", "qualitative", "none"}


@given(_TEXTS)
def test_target_pct_is_one_of_pct_values(text):
    parsed = parse_target(text)
    if parsed.target_pct is not None:
        assert parsed.target_pct in parsed.pct_values
        assert set(parsed.pct_values) == {parsed.target_pct}
    assert (parsed.kind == "percent") == bool(parsed.pct_values)
    if parsed.target_quantity is not None:
        assert parsed.target_unit


@given(st.integers(min_value=0, max_value=100), st.sampled_from(["完成", "完成 ", "进度达到", "累计完成约"]))
def test_completion_percent_round_trip(value, prefix):
    parsed = parse_target(f"{prefix}{value}%")
    assert parsed.kind == "percent"
    assert parsed.target_pct == float(value)


@given(st.lists(_TEXTS, max_size=5))
def test_column_scan_finds_the_matches_of_pct_re(texts):
    # PCT_SCAN adds only a lookahead on the first character to PCT_RE: over a column
    # joined as extract_all joins it, both give the same matches, spans and groups.
    joined = "\x00".join(texts)
    found = [(m.span(), m.groupdict()) for m in PCT_SCAN.finditer(joined)]
    assert found == [(m.span(), m.groupdict()) for m in PCT_RE.finditer(joined)]
