"""Demo 好差评 for `jianzheng setup --demo`, told through the services (never by writing rows):
six residents of 永宁县 get a 居（租）住证明 at 杨和第一社区 or 李俊第一社区 and rate it with the
check code printed beside its number (二(二) 群众满意度). Two are dissatisfied: 杨和第一社区 has
contacted its resident, rectified and answered; 李俊第一社区's follow-up is still open. So the
rating list, the follow-ups, the public rating page and the dashboard's panel show something."""

from django.contrib.auth import get_user_model
from django.db import transaction

from jianzheng.certificates.services import issue_certificate
from jianzheng.evaluation import services
from jianzheng.evaluation.models import Rating
from jianzheng.regions.models import Region, Unit

COUNTY = "640121"
ITEM = "YN-B03"  # 居（租）住证明, retained in the demo list
CHECKS = [{"method": "home_visit", "note": "入户查看居住情况"}]
STREET = {"640121100001": "永宁县杨和镇示例路", "640121101001": "永宁县李俊镇示例路"}

# (clerk, community, holder, ID number, sex, tenure, since, grade, comment)
SERVED = [
    (
        "yanghe_clerk",
        "640121100001",
        "杨建军",
        "640121195804120032",
        "男",
        "自有住房",
        "1995-03-01",
        "very_satisfied",
        "当场就开好了，工作人员还告诉我哪些证明以后不用再开",
    ),
    (
        "yanghe_clerk",
        "640121100001",
        "李秀兰",
        "640121196211050029",
        "女",
        "租住",
        "2018-09-01",
        "satisfied",
        "",
    ),
    (
        "yanghe_clerk",
        "640121100001",
        "王海燕",
        "640121198509230048",
        "女",
        "租住",
        "2021-06-15",
        "basically_satisfied",
        "要先回家拿租房合同，跑了两趟",
    ),
    (
        "yanghe_clerk",
        "640121100001",
        "丁学明",
        "640121197706300012",
        "男",
        "借住",
        "2020-01-10",
        "dissatisfied",
        "排队等了一个多小时，只有一个窗口在办",
    ),
    (
        "lijun_clerk",
        "640121101001",
        "海文清",
        "640121199102180063",
        "女",
        "自有住房",
        "2016-04-20",
        "very_satisfied",
        "很方便",
    ),
    (
        "lijun_clerk",
        "640121101001",
        "马俊",
        "640121196901010059",
        "男",
        "租住",
        "2022-11-01",
        "dissatisfied",
        "工作人员说要先去派出所开证明再来",
    ),
]


@transaction.atomic
def load_demo_ratings(*, demo: bool = True, actor=None) -> str:
    county = Region.objects.filter(code=COUNTY).first()
    clerks = get_user_model().objects.in_bulk({row[0] for row in SERVED}, field_name="username")
    communities = Unit.objects.in_bulk({row[1] for row in SERVED}, field_name="code")
    if not demo or county is None or len(clerks) < 2 or len(communities) < 2:
        return "未建演示好差评"
    if Rating.objects.filter(county=county).exists():
        return "已有评价，未建演示好差评"
    rated = []
    for clerk, community, name, number, sex, tenure, since, grade, comment in SERVED:
        unit = communities[community]
        certificate = issue_certificate(
            actor=clerks[clerk],
            community=unit,
            item=ITEM,
            facts={
                "holder_name": name,
                "holder_id_number": number,
                "gender": sex,
                "address": f"{STREET[community]}{len(rated) + 8}号",
                "since": since,
                "tenure": tenure,
            },
            checks=CHECKS,
            purpose="办理居住证",
            requester="永宁县公安局杨和派出所",
        )
        made = services.rate_case(
            case=certificate.serial, secret=certificate.check_code, grade=grade, comment=comment
        )
        rated.append((certificate, made))
    answered_certificate, answered = rated[3]
    services.answer_follow_up(
        actor=clerks["yanghe_clerk"],
        follow_up=answered.follow_up,
        contact_note=f"电话联系{SERVED[3][2]}，了解等候情况并致歉",
        rectification="办理高峰时段（上午9点至11点）增开一个窗口，并在门口公示办理时间",
        answer="已在办理高峰时段增开窗口，感谢您的监督，欢迎再来办事时提出意见",
    )
    low = sum(1 for _, made in rated if made.follow_up is not None)
    return (
        f"演示好差评 {len(rated)} 条（不满意 {low} 条：1 条已整改答复，{low - 1} 条待办理）；"
        f"可在 /rate/{answered_certificate.serial} 用校验码 {answered_certificate.check_code} "
        "查看评价和整改答复"
    )
