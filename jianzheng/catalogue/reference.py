"""Reference catalogue: the national first batch （民发〔2020〕20号 附件， 20 items, cancelled） and a
starting retained list for the demo county （real items from other counties' published lists,
marked as demo: the county replaces them by import）. Sources: shared/reference/national-list.md,
shared/reference/retained-items.md. The "where to go instead" wording is a starting point the
civil-affairs admin edits through change requests; the annex itself does not give it."""

from jianzheng.catalogue.models import CatalogueVersion
from jianzheng.catalogue.payload import validate_item_payload
from jianzheng.catalogue.services import import_catalogue

ANNEX = {
    "title": "民政部等六部门《关于改进和规范基层群众性自治组织出具证明工作的指导意见》"
    "（民发〔2020〕20号）附件《不应由基层群众性自治组织出具证明事项清单（第一批）》",
    "article": "",
    "level": "normative_document",
}
POLICE = "640121-GAJ"
HEALTH = "640121-WJJ"
HRSS = "640121-RSJ"
CIVIL = "640121-MZJ"
LAND = "640121-ZRJ"

# (number, name, aliases, colloquial keywords, [(kind, handling unit code or name, instruction)])
NATIONAL_FIRST_BATCH = [
    (
        1,
        "亲属关系证明",
        [],
        ["亲属证明", "关系证明", "父子关系证明", "母子关系证明"],
        [
            ("other_document", "", "用户口簿、结婚证、《出生医学证明》等证明亲属关系。"),
            (
                "data_sharing",
                POLICE,
                "户口簿等不能反映的，由公安派出所根据历史户籍档案出具。办理公证且无任何记录可证明的，社区仍可据实出具（见保留事项“亲属关系证明（仅限公证）”）。",
            ),
        ],
    ),
    (
        2,
        "居民身份信息证明",
        ["户籍证明"],
        ["身份证明", "户口证明", "本人身份证明"],
        [
            ("other_document", POLICE, "出示居民身份证、户口簿即可；户籍类证明由公安派出所出具。"),
        ],
    ),
    (
        3,
        "户口登记项目内容变更申请证明",
        [],
        ["户口变更证明", "改名证明", "更正出生日期证明"],
        [
            ("data_sharing", POLICE, "直接向户籍所在地公安派出所申请，由派出所调查核实。"),
        ],
    ),
    (
        4,
        "居民养犬证明",
        [],
        ["养狗证明", "养犬证明"],
        [
            ("abolished", "养犬登记部门", "直接到养犬登记部门办理登记，不需要社区证明。"),
        ],
    ),
    (
        5,
        "无犯罪记录证明",
        [],
        ["无犯罪证明", "良民证", "没有犯罪记录证明"],
        [
            ("other_document", POLICE, "由公安机关出具。"),
        ],
    ),
    (
        6,
        "社区戒毒社区康复人员情况证明",
        ["表现证明"],
        ["戒毒表现证明", "康复表现证明"],
        [
            (
                "data_sharing",
                "乡镇（街道）禁毒工作机构、公安机关",
                "由乡镇（街道）禁毒工作机构或公安机关提供情况。",
            ),
        ],
    ),
    (
        7,
        "人员失踪证明",
        [],
        ["失踪证明", "下落不明证明"],
        [
            (
                "other_document",
                "公安机关、人民法院",
                "凭公安机关报案材料，或人民法院宣告失踪的判决。",
            ),
        ],
    ),
    (
        8,
        "婚姻状况证明",
        ["婚姻关系证明", "分居证明"],
        ["单身证明", "未婚证明", "离婚证明", "无婚姻登记证明"],
        [
            ("data_sharing", CIVIL, "由需要的单位向婚姻登记机关查询核实。"),
            ("commitment", "", "本人书面承诺婚姻状况。"),
        ],
    ),
    (
        9,
        "出生证明",
        [],
        ["出生日期证明"],
        [
            ("other_document", "医疗机构", "《出生医学证明》由助产医疗机构签发。"),
        ],
    ),
    (
        10,
        "健在证明",
        [],
        ["活着证明", "生存证明", "在世证明", "还活着", "养老金认证证明"],
        [
            (
                "data_sharing",
                HRSS,
                "由需要的部门通过卫健、公安、民政等信息共享核对，不再要求本人开证明。",
            ),
        ],
    ),
    (
        11,
        "死亡证明",
        [],
        ["去世证明", "过世证明", "死亡医学证明"],
        [
            (
                "other_document",
                HEALTH,
                "《居民死亡医学证明（推断）书》：在医院内死亡由医院出具；在家等正常死亡由社区卫生服务机构或乡镇卫生院出具；非正常死亡由公安、司法部门出具。",
            ),
        ],
    ),
    (
        12,
        "疾病状况证明",
        ["急诊证明", "意外伤害证明"],
        ["生病证明", "病情证明", "看病证明"],
        [
            ("other_document", "医疗机构", "由诊治的医疗机构出具。"),
        ],
    ),
    (
        13,
        "残疾状况证明",
        [],
        ["残疾证明"],
        [
            ("other_document", "残疾人联合会", "凭《残疾人证》。"),
        ],
    ),
    (
        14,
        "婚育状况证明",
        ["生育状况证明"],
        ["计生证明", "生育证明", "未育证明", "独生子女证明"],
        [
            ("data_sharing", HEALTH, "由卫生健康部门信息核查。"),
            ("commitment", "", "本人书面承诺。"),
        ],
    ),
    (
        15,
        "居民就业状况证明",
        [],
        ["失业证明", "无业证明", "就业证明", "待业证明"],
        [
            ("data_sharing", HRSS, "由人力资源社会保障部门通过就业失业登记、社会保险记录核实。"),
        ],
    ),
    (
        16,
        "居民个人档案证明",
        [],
        ["档案证明"],
        [
            ("other_document", "档案保管单位", "由保管档案的单位出具。"),
        ],
    ),
    (
        17,
        "居民财产证明",
        [
            "经济状况证明",
            "收入证明",
            "偿还能力证明",
            "房产证明",
            "银行存款证明",
            "投资情况证明",
            "车辆所有权证明",
        ],
        ["无房证明", "低收入证明", "家庭经济状况证明", "存款证明"],
        [
            (
                "data_sharing",
                LAND,
                "房产由不动产登记机构查询；存款由银行、车辆由车辆管理所、收入由税务部门出具；申请社会救助的，由民政部门开展居民家庭经济状况核对。",
            ),
        ],
    ),
    (
        18,
        "遗产继承权证明",
        [],
        ["继承证明", "继承权证明"],
        [
            (
                "other_document",
                "公证机构、人民法院",
                "由公证机构办理继承权公证，或由人民法院判决确认。",
            ),
        ],
    ),
    (
        19,
        "市场主体住所证明",
        ["经营场所证明", "同意住宅改变为经营性用房证明", "社区经营性用房无扰民证明"],
        ["住所证明", "营业场所证明", "无扰民证明", "开店证明"],
        [
            ("other_document", "", "提供产权证明或租赁合同。"),
            ("commitment", "640121-SPJ", "办理市场主体登记时，对住所作出告知承诺。"),
        ],
    ),
    (
        20,
        "证件遗失证明",
        [],
        ["丢失证明", "证件丢失证明", "遗失证明"],
        [
            ("abolished", "发证机关", "直接向发证机关挂失补办，必要时本人书面声明。"),
        ],
    ),
]

NAME = {"name": "holder_name", "label": "姓名", "type": "text", "required": True}
ID = {"name": "holder_id_number", "label": "公民身份号码", "type": "id_number", "required": True}


def _template(title, body, *fields, validity_days=90):
    return {
        "title": title,
        "body": body,
        "fields": [NAME, ID, *fields],
        "validity_days": validity_days,
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


def handover_template(name: str) -> dict:
    """For a first-batch item certified under 永民发〔2020〕91号 四（三）: only facts the community
    can verify within its duties, and the certificate says so."""
    return _template(
        f"{name}（据实出具）",
        "兹证明{holder_name}（公民身份号码：{holder_id_number}）：{fact}。"
        "以上情况属于本社区职责范围，经本社区核实属实。",
        {
            "name": "fact",
            "label": "经核实的事实",
            "type": "text",
            "required": True,
            "max_length": 300,
        },
        validity_days=30,
    )


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


def reference_payloads(*, demo: bool = True) -> list[dict]:
    payloads = []
    for number, name, aliases, keywords, alternatives in NATIONAL_FIRST_BATCH:
        payloads.append(
            {
                "code": f"GJ1-{number:02d}",
                "name": name,
                "aliases": aliases,
                "keywords": keywords,
                "status": "cancelled",
                "national_batch": 1,
                "purpose": "社区（村）不再出具。索要单位应通过替代方式办理。",
                "legal_bases": [ANNEX],
                "alternatives": [
                    {"kind": k, "handling_unit": unit, "instruction": text}
                    for k, unit, text in alternatives
                ],
                "template": handover_template(name),
            }
        )
    if demo:
        for item in RETAINED_DEMO:
            payloads.append(
                {**item, "status": "retained", "is_demo": True, "template": TEMPLATES[item["code"]]}
            )
    return [validate_item_payload(p) for p in payloads]


def load_reference_catalogue(*, actor=None, demo: bool = True) -> CatalogueVersion | None:
    """Version 1 on an empty catalogue: the national first batch, and with `demo` the demo
    county's retained items. Once any version exists the catalogue is the county's own and only
    change requests touch it (三(四)), so this does nothing: re-running `jianzheng setup` must
    never undo a published decision."""
    if CatalogueVersion.objects.exists():
        return None
    return import_catalogue(
        actor=actor,
        payloads=reference_payloads(demo=demo),
        reason="载入参考清单：国家第一批取消事项" + ("与示例县保留事项" if demo else ""),
        legal_basis="民发〔2020〕20号；永民发〔2020〕91号 三（三）一",
        approval_reference="示例数据：各地公布的保留证明事项清单" if demo else "",
    )
