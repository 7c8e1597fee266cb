"""The demo county 永宁县's starting retained list: real items from other counties' published
lists (shared/reference/retained-items.md), their certificate templates and their 事项指南. All of
it is marked as demo (is_demo): the county replaces it with its own list by import. Phone numbers
here are invented (0951-80…) and the item page marks them 示例."""

from jianzheng.catalogue.payload import validate_item_payload
from jianzheng.catalogue.template_spec import certificate_template as _template

# The community's own service, the same for every demo item (示例).
COMMUNITY_GUIDE = {
    "service_place": "户籍所在地或居住地社区（村）党群服务中心“一站式”服务窗口",
    "service_hours": "工作日 9:00–12:00 14:30–17:30（夏季），14:00–17:00（冬季）",
    "service_phone": "0951-8012301",
    "fee": "free",
}

TEMPLATES = {
    "YN-B01": _template(
        "亲属关系证明",
        "兹证明{holder_name}（公民身份号码：{holder_id_number}）与{relative_name}"
        "（公民身份号码：{relative_id_number}）系{relation}关系。经本{committee}调查核实，情况属实。",
        {"name": "relative_name", "label": "亲属姓名", "type": "text", "required": True},
        {
            "name": "relative_id_number",
            "label": "亲属公民身份号码",
            "type": "id_number",
            "required": True,
        },
        {
            "name": "relation",
            "label": "亲属关系",
            "type": "choice",
            "required": True,
            "choices": ["父子", "父女", "母子", "母女", "夫妻", "兄弟姐妹", "祖孙", "外祖孙"],
        },
        {
            "name": "committee",
            "label": "出具组织",
            "type": "choice",
            "required": True,
            "choices": ["居民委员会", "村民委员会"],
        },
    ),
    "YN-B02": _template(
        "推荐函",
        "{holder_name}（公民身份号码：{holder_id_number}）系本社区居民。经研究，本社区推荐本社区居民"
        "{agent_name}（公民身份号码：{agent_id_number}，联系电话：{agent_phone}）担任其与{opponent}"
        "纠纷一案的诉讼代理人。",
        {"name": "agent_name", "label": "被推荐人姓名", "type": "text", "required": True},
        {
            "name": "agent_id_number",
            "label": "被推荐人公民身份号码",
            "type": "id_number",
            "required": True,
        },
        {"name": "agent_phone", "label": "被推荐人联系电话", "type": "phone", "required": True},
        {"name": "opponent", "label": "对方当事人", "type": "text", "required": True},
    ),
    "YN-B03": _template(
        "居（租）住证明",
        "兹证明{holder_name}，性别{gender}，公民身份号码{holder_id_number}，现居住于{address}，"
        "自{since}起在此居住，居住性质为{tenure}。",
        {
            "name": "gender",
            "label": "性别",
            "type": "choice",
            "required": True,
            "choices": ["男", "女"],
        },
        {"name": "address", "label": "现居住地址", "type": "address", "required": True},
        {
            "name": "since",
            "label": "起始居住日期",
            "type": "date",
            "required": True,
            "after_birth": True,
        },
        {
            "name": "tenure",
            "label": "居住性质",
            "type": "choice",
            "required": True,
            "choices": ["自有住房", "租住", "借住"],
        },
    ),
    "YN-B04": _template(
        "生活困难情况证明",
        "兹证明{holder_name}（公民身份号码：{holder_id_number}），住{address}，家庭人口{members}人。"
        "经本社区入户核实，该户目前生活困难，主要原因是{cause}。",
        {"name": "address", "label": "家庭住址", "type": "address", "required": True},
        {"name": "members", "label": "家庭人口", "type": "integer", "required": True},
        {"name": "cause", "label": "困难原因", "type": "text", "required": True, "max_length": 200},
        validity_days=60,
    ),
    "YN-B05": _template(
        "家庭成员情况证明",
        "兹证明{holder_name}（公民身份号码：{holder_id_number}）系本社区居民，经本社区调查核实，"
        "其家庭成员情况如下：{members}。",
        {
            "name": "members",
            "label": "家庭成员情况（姓名、关系）",
            "type": "text",
            "required": True,
            "max_length": 300,
        },
    ),
}


RETAINED_DEMO = [
    {
        "code": "YN-B01",
        "name": "亲属关系证明（仅限公证）",
        "aliases": [],
        "keywords": ["公证亲属关系证明"],
        "requesting_units": ["司法行政部门（公证机构）"],
        "purpose": "在无法通过公安、民政、卫生健康等部门信息共享方式核对当事人亲属关系，且当事人居民户口簿、结婚证、《出生医学证明》、历史户籍档案等均不能够反映当事人亲属关系的情况下，司法行政部门办理涉及当事人有关公证事项时，村（社区）对属于自身职责范围内且能够核实的事项，依法据实出具证明当事人亲属关系的材料。",
        "conditions": "当事人到户籍所在地或原户籍所在地村（社区）提出申请，并按要求提供相关材料。",
        "materials": ["当事人身份证", "当事人户口本"],
        "steps": [
            "申请",
            "受理（当事人一方户籍或原户籍在本村（社区）且材料齐全的予以受理，双方均不在本村（社区）的不予受理）",
            "调查核实当事人与相关人员是否存在亲属关系",
            "出具",
        ],
        "time_limit_days": 5,
        "legal_bases": [
            {"title": "《中华人民共和国公证法》", "article": "第十一条", "level": "law"},
            {"title": "《遗赠扶养协议公证细则》", "article": "第八条", "level": "rule"},
            {
                "title": "民发〔2020〕20号 附件",
                "article": "第1项例外规定",
                "level": "normative_document",
            },
        ],
    },
    {
        "code": "YN-B02",
        "name": "社区推荐公民担任诉讼代理人",
        "aliases": ["诉讼代理人推荐证明"],
        "keywords": ["打官司代理人", "推荐代理人"],
        "requesting_units": ["人民法院"],
        "purpose": "当事人所在社区推荐本社区居民担任诉讼代理人时，出具推荐材料和当事人属于本社区的证明材料。",
        "conditions": "被推荐的公民应为本社区居民；当事人属于本社区。",
        "materials": ["当事人身份证", "被推荐人身份证", "当事人与被推荐人的书面申请"],
        "steps": ["申请", "核实当事人及被推荐人属于本社区", "居委会研究同意", "出具推荐材料"],
        "time_limit_days": 3,
        "legal_bases": [
            {
                "title": "《中华人民共和国民事诉讼法》（2023年修正）",
                "article": "第六十一条第二款第（三）项",
                "level": "law",
            },
            {
                "title": "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》",
                "article": "第八十八条第（五）项",
                "level": "judicial_interpretation",
            },
        ],
    },
    {
        "code": "YN-B03",
        "name": "居（租）住证明",
        "aliases": ["居住证明", "租住证明"],
        "keywords": ["住址证明", "租房证明", "暂住证明", "在本社区居住证明"],
        "requesting_units": ["公安机关（居住证办理）", "教育部门（入学）"],
        "purpose": "证明居民在本社区居住的事实及起始时间。证明上注明用途和索要单位。",
        "conditions": "申请人在本社区实际居住，社区能够核实。",
        "materials": ["申请人身份证", "房屋产权证明或租赁合同"],
        "steps": ["申请", "查验证件、入户核实居住情况", "出具"],
        "time_limit_days": 0,
        "legal_bases": [
            {
                "title": "《居住证暂行条例》",
                "article": "第八条",
                "level": "administrative_regulation",
            },
            {
                "title": "《中华人民共和国城市居民委员会组织法》",
                "article": "第三条",
                "level": "law",
            },
        ],
    },
    {
        "code": "YN-B04",
        "name": "困难家庭生活困难证明",
        "aliases": ["生活困难证明"],
        "keywords": ["困难证明", "贫困证明", "低保证明", "救助申请证明"],
        "requesting_units": ["民政部门"],
        "purpose": "为申请各类救助、援助、补助的困难家庭出具生活困难情况证明。",
        "conditions": "申请人为本社区居民，申请社会救助。",
        "materials": ["申请人身份证", "户口簿", "困难情况说明"],
        "steps": ["申请", "入户核实家庭生活情况", "居民议事协商（必要时）", "出具"],
        "time_limit_days": 5,
        "legal_bases": [
            {
                "title": "《社会救助暂行办法》",
                "article": "第十一条",
                "level": "administrative_regulation",
            },
        ],
    },
    {
        "code": "YN-B05",
        "name": "遗赠扶养协议公证家庭成员情况证明",
        "aliases": ["遗赠人家庭成员情况证明", "扶养人经济情况和家庭成员情况证明"],
        "keywords": ["遗赠扶养证明"],
        "requesting_units": ["公证机构"],
        "purpose": "办理遗赠扶养协议公证时，证明遗赠人的家庭成员情况或扶养人的经济情况和家庭成员情况。",
        "conditions": "遗赠人或扶养人为本社区居民。",
        "materials": ["当事人身份证", "户口簿"],
        "steps": ["申请", "调查核实家庭成员情况", "出具"],
        "time_limit_days": 5,
        "legal_bases": [
            {
                "title": "《遗赠扶养协议公证细则》",
                "article": "第八条第（四）（六）项",
                "level": "rule",
            },
        ],
    },
]


def demo_payloads() -> list[dict]:
    return [
        {
            **COMMUNITY_GUIDE,
            **item,
            "status": "retained",
            "is_demo": True,
            "template": TEMPLATES[item["code"]],
        }
        for item in RETAINED_DEMO
    ]


# 贺兰县's own small list (示例): two of 永宁县's retained items, and 居（租）住证明 cancelled, so
# the two counties answer differently for the same proof. Phone numbers invented (0951-80…).
HELAN_GUIDE = {**COMMUNITY_GUIDE, "service_phone": "0951-8022301"}
HELAN_FROM_YONGNING = {"HL-B01": "YN-B02", "HL-B02": "YN-B04"}
HELAN_CANCELLED_RESIDENCE = {
    "code": "HL-C01",
    "name": "居（租）住证明",
    "aliases": ["居住证明", "租住证明"],
    "keywords": ["住址证明", "租房证明", "暂住证明", "在本社区居住证明"],
    "status": "cancelled",
    "is_demo": True,
    "purpose": "贺兰县不再由社区（村）出具：居住情况由公安机关居住证登记信息核查，或由本人书面承诺。",
    "legal_bases": [
        {"title": "《居住证暂行条例》", "article": "第九条", "level": "administrative_regulation"}
    ],
    "alternatives": [
        {
            "kind": "data_sharing",
            "handling_unit": "640122-GAJ",
            "instruction": "由索要单位向贺兰县公安局核查居住登记信息。",
            "service_place": "由索要单位核查，本人不必前往",
            "fee": "free",
        },
        {
            "kind": "commitment",
            "handling_unit": "",
            "instruction": "本人书面承诺居住情况。",
            "service_place": "在索要单位当场书面承诺，不必另跑一趟",
            "fee": "free",
        },
    ],
}


def helan_payloads() -> list[dict]:
    by_code = {item["code"]: item for item in RETAINED_DEMO}
    retained = [
        {
            **HELAN_GUIDE,
            **by_code[source],
            "code": code,
            "status": "retained",
            "is_demo": True,
            "template": TEMPLATES[source],
        }
        for code, source in HELAN_FROM_YONGNING.items()
    ]
    return [validate_item_payload(p) for p in [*retained, HELAN_CANCELLED_RESIDENCE]]
