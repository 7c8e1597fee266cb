"""Reference catalogue: the national first batch （民发〔2020〕20号 附件， 20 items, cancelled） and a
starting retained list for the demo county （real items from other counties' published lists,
marked as demo: the county replaces them by import）. Sources: shared/reference/national-list.md,
shared/reference/retained-items.md. The "where to go instead" wording and its 事项指南 are a
starting point the civil-affairs admin edits through change requests; the annex itself does not
give them. The guides name the real handling bodies and national hotlines (12345 where no better
number is known); nothing in them is invented, so they are not marked 示例. The demo county's own
items are in catalogue.reference_demo."""

from jianzheng.catalogue.payload import validate_item_payload
from jianzheng.catalogue.reference_demo import demo_payloads
from jianzheng.catalogue.template_spec import certificate_template as _template

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

# Government offices publish their own hours; the list does not guess them.
HOURS = "工作日（法定节假日除外），具体以办理单位公布的时间为准"
NINGXIA_PORTAL = ("宁夏政务服务网", "https://zwfw.nx.gov.cn")


def _guide(place: str, phone: str = "12345", *, fee: str = "", fee_note: str = "", online=None):
    channel, url = online or ("", "")
    return {
        "service_place": place,
        "service_hours": HOURS if place else "",
        "service_phone": phone,
        "fee": fee,
        "fee_note": fee_note,
        "online_channel": channel,
        "online_url": url,
    }


POLICE_DESK = _guide("户籍所在地公安派出所户籍窗口", fee="free", online=NINGXIA_PORTAL)
HEALTH_DESK = "12320"  # 全国卫生健康服务热线
HRSS_DESK = "12333"  # 全国人力资源和社会保障服务热线
ON_THE_SPOT = {"service_place": "在索要单位当场书面承诺，不必另跑一趟", "fee": "free"}
# number → the guide of each alternative, in order (None: the resident goes nowhere new).
NATIONAL_GUIDES = {
    1: [None, POLICE_DESK],
    2: [POLICE_DESK],
    3: [POLICE_DESK],
    4: [_guide("养犬登记部门（按当地养犬管理规定）")],
    5: [
        _guide(
            "户籍所在地或居住地公安派出所",
            fee="free",
            online=("公安部“互联网+政务服务”平台", "https://zwfw.mps.gov.cn"),
        )
    ],
    6: [_guide("乡镇（街道）禁毒工作机构或公安派出所", fee="free")],
    7: [_guide("报案的公安机关，或人民法院诉讼服务中心", "12345、12368")],
    8: [
        _guide("由索要单位向县民政局婚姻登记处查询，本人不必前往", fee="free"),
        ON_THE_SPOT,
    ],
    9: [_guide("孩子出生的助产医疗机构", HEALTH_DESK)],
    10: [
        _guide(
            "由需要的部门核对，本人不必前往；有疑问可到县人力资源和社会保障局社会保险经办窗口",
            HRSS_DESK,
            fee="free",
            online=("国家社会保险公共服务平台（亦可用“掌上12333”App）", "https://si.12333.gov.cn"),
        )
    ],
    11: [_guide("在医院死亡的找医院；在家死亡的找社区卫生服务机构或乡镇卫生院", HEALTH_DESK)],
    12: [_guide("诊治的医疗机构", HEALTH_DESK)],
    13: [_guide("县残疾人联合会", "12385", fee="free")],
    14: [
        _guide("由索要单位向县卫生健康局核查，本人不必前往", HEALTH_DESK, fee="free"),
        ON_THE_SPOT,
    ],
    15: [
        _guide(
            "由索要单位向县人力资源和社会保障局核实；就业失业登记可到县人社局就业窗口",
            HRSS_DESK,
            fee="free",
            online=NINGXIA_PORTAL,
        )
    ],
    16: [_guide("保管档案的单位（如原工作单位、人才交流服务机构、档案馆）")],
    17: [_guide("县不动产登记中心；存款找开户银行，车辆找车辆管理所", online=NINGXIA_PORTAL)],
    18: [
        _guide(
            "公证机构，或人民法院诉讼服务中心",
            "12348",
            fee="charged",
            fee_note="公证按宁夏公证服务收费标准收费；诉讼按《诉讼费用交纳办法》交纳",
            online=("中国法律服务网（12348中国法网）", "https://www.12348.gov.cn"),
        )
    ],
    19: [
        None,
        _guide(
            "县政务服务中心市场主体登记窗口（县审批服务管理局）",
            fee="free",
            online=NINGXIA_PORTAL,
        ),
    ],
    20: [_guide("原发证机关")],
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
                    {
                        "kind": k,
                        "handling_unit": unit,
                        "instruction": text,
                        **(guide or {}),
                    }
                    for (k, unit, text), guide in zip(
                        alternatives, NATIONAL_GUIDES[number], strict=True
                    )
                ],
                "template": handover_template(name),
            }
        )
    if demo:
        payloads.extend(demo_payloads())
    return [validate_item_payload(p) for p in payloads]


GENERIC_BODIES = {
    POLICE: "户籍所在地公安派出所",
    HEALTH: "卫生健康部门",
    HRSS: "人力资源社会保障部门",
    CIVIL: "婚姻登记机关",
    LAND: "不动产登记机构",
    "640121-SPJ": "市场监督管理部门",
}


def nation_payloads() -> list[dict]:
    """The nation's list: the first batch as the annex gives it, every handling body named
    generically (户籍所在地公安派出所), since no county's units belong in it."""
    payloads = reference_payloads(demo=False)
    for payload in payloads:
        for alternative in payload["alternatives"]:
            unit = alternative["handling_unit"]
            alternative["handling_unit"] = GENERIC_BODIES.get(unit, unit)
    return payloads
