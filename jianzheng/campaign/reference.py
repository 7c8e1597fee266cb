"""The seed's plan (永民发〔2020〕91号) as data: the seven key tasks 二(一)–(七) with their lead
and cooperating units exactly as the plan names them, the four phases 三(一)–(四) with their dates
and the work each asks. Loaded for the demo county by `jianzheng setup` (services.load_seed_campaign); other counties and years
copy it (services.copy_campaign)."""

import datetime as dt
from dataclasses import dataclass

SEED_CODE = "640121-2020"
SEED_COUNTY = "640121"
SEED_TITLE = '永宁县"社区万能章"治理专项行动暨基层减负工作'
SEED_NUMBER = "永民发〔2020〕91号"
SEED_YEAR = 2020

# The two collective names the plan uses for its cooperating units.
TOWNSHIPS = "各乡镇(街道)"
DEPARTMENTS = "县直各单位"
EVERYONE = (TOWNSHIPS, DEPARTMENTS)


@dataclass(frozen=True)
class TaskRow:
    number: int
    label: str
    title: str
    content: str
    lead: tuple[str, ...]
    cooperating: tuple[str, ...]
    phase: int | None  # the phase whose end is the task's deadline; None: ongoing


@dataclass(frozen=True)
class PhaseRow:
    number: int
    label: str
    title: str
    starts_on: dt.date
    ends_on: dt.date | None
    description: str
    works: tuple[tuple[str, str], ...]  # (title, source)


TASKS = (
    TaskRow(
        1,
        "二(一)",
        "全面摸排清理",
        "从9月起，各单位重点对基层群众性自治组织实际出具的证明状况进行全面摸底，对法规和政策"
        "文件要求基层群众性自治组织出具证明情况进行认真梳理，提出明确整改意见。",
        ("民政局", "司法局"),
        EVERYONE,
        2,
    ),
    TaskRow(
        2,
        "二(二)",
        "严格清单管理",
        "制定基层群众性自治组织出具证明事项清单，建立严格准入机制；未经批准的事项社区可拒绝接受；"
        "确需社区协助办理的按“权随责走、费随事转”原则签订服务协议并安排服务经费；取消工作目标"
        "责任书、摊派的报刊征订和募捐任务、要求社区出具的各类行政审批证明。",
        ("民政局", "组织部"),
        ("司法局", "审批服务管理局", "编办", *EVERYONE),
        3,
    ),
    TaskRow(
        3,
        "二(三)",
        "完善配套措施",
        "对依法规范出具证明事项，制定具体式样、办理流程和操作规范；向居民群众提供统一规范的"
        "表单样本，并在政府门户网站、政务服务平台、服务场所等公布。",
        ("民政局",),
        EVERYONE,
        3,
    ),
    TaskRow(
        4,
        "二(四)",
        "清理规范标牌",
        "按照“并同类”“摘虚牌”的思路，对全县城乡社区外墙挂牌、室内门牌、室外挂箱、公示牌、"
        "上墙制度等开展专项清理，从根本上整治“牌子满墙”的顽疾。",
        ("县委组织部", "民政局"),
        EVERYONE,
        3,
    ),
    TaskRow(
        5,
        "二(五)",
        "强化公开曝光",
        "建立自治区、市、县三级公开曝光和强制纠正机制，对擅自要求居民群众找基层群众性自治组织"
        "开具不合理证明的情形，予以通报或在媒体平台公开曝光；民政局在官网开通专项行动监督和"
        "公开曝光平台，公布监督电话和监督邮箱。",
        # The plan names no lead or cooperating units for this task.
        (),
        (),
        None,
    ),
    TaskRow(
        6,
        "二(六)",
        "推进信息共享",
        "推进部门间证明事项信息共享核查机制落实，依托自治区政务服务平台，按照法定程序办理证明"
        "事项查询核查业务，让信息多跑路、群众少跑腿。",
        ("审批服务管理局",),
        EVERYONE,
        None,
    ),
    TaskRow(
        7,
        "二(七)",
        "衔接信用体系",
        "推行证明事项告知承诺制，强化对承诺事项的事后核查，对虚假承诺的，依法记入个人信用记录、"
        "纳入信用信息共享平台，情节严重的依法予以处罚并公开。",
        ("发改局",),
        EVERYONE,
        None,
    ),
)

PHASES = (
    PhaseRow(
        1,
        "三(一)",
        "制定实施方案",
        dt.date(2020, 8, 20),
        dt.date(2020, 8, 31),
        "由县委组织部和民政局，研究制定专项行动实施方案。",
        (("专项行动实施方案", ""),),
    ),
    PhaseRow(
        2,
        "三(二)",
        "开展排查摸底",
        dt.date(2020, 9, 1),
        dt.date(2020, 9, 30),
        "县委组织部、民政局会同编制、司法等部门，深入城乡社区实地调研，全面摸清出具各类证明的"
        "数量、类型、依据、形式等状况，梳理法律法规和政策文件的要求；同步开展村(社区)挂牌和"
        "上墙制度摸底。",
        (
            ("《出具证明情况清单》", "census.issued"),
            ("《法规政策规定清单》", "census.legal_bases"),
            ("村(社区)挂牌和上墙制度摸底（牌匾数量、类型、规格）", "signage.census"),
        ),
    ),
    PhaseRow(
        3,
        "三(三)",
        "集中清理整治",
        dt.date(2020, 10, 1),
        dt.date(2020, 10, 31),
        "规范事项清单、规范对外挂牌、清理上墙制度、规范奖牌悬挂。",
        (
            ("修订《永宁县乡镇(街道)和村(社区)保留和取消的证明事项清单》", "catalogue"),
            ("规范对外挂牌（3块竖牌、2个标识、“一室八中心”引导牌）", "signage"),
            ("清理上墙制度（内部管理类不再上墙，印制服务手册）", "signage"),
            ("规范奖牌悬挂（集中展示或设荣誉室）", "signage"),
        ),
    ),
    PhaseRow(
        4,
        "三(四)",
        "建立长效机制",
        dt.date(2020, 11, 1),
        None,
        "长期坚持：健全村(社区)证明事项动态管理机制；内部确需挂牌的须经市级领导小组审核同意。",
        (
            ("证明事项动态管理机制（新增须经自治区人民政府审定）", "catalogue"),
            ("内部挂牌审核机制（市级领导小组审核、部门统一制作）", "signage"),
        ),
    ),
)
