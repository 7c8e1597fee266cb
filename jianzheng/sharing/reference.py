"""The facts the demo county's data holders answer (二(六)), each pointing at the catalogue items
whose proof it replaces: the first batch's data_sharing alternatives (民发〔2020〕20号 附件) and
the demo county's 居（租）住证明. The legal bases name the registers the holders keep."""

from django.db import transaction

from jianzheng.regions.models import Unit
from jianzheng.sharing.models import SharedFact

SHARING_BASIS = (
    "永民发〔2020〕91号 二（六）；国务院办公厅关于做好证明事项清理工作的通知（国办发〔2018〕47号）"
)

YES_NO = SharedFact.AnswerKind.YES_NO
FIELDS = SharedFact.AnswerKind.FIELDS

# (holder, code, name, question, kind, answer fields, inputs, legal basis, replaced items)
REFERENCE_FACTS = [
    (
        "640121-GAJ",
        "hukou-address",
        "户籍登记地址核对",
        "被核查人的户籍（常住户口）是否登记在所填地址",
        YES_NO,
        [],
        [{"name": "address", "label": "所称户籍地址或居住地址"}],
        "《中华人民共和国户口登记条例》；" + SHARING_BASIS,
        ["GJ1-02", "YN-B03"],
    ),
    (
        "640121-GAJ",
        "kinship",
        "亲属关系核对",
        "户籍档案是否记载被核查人与所填另一人之间的所称关系",
        YES_NO,
        [],
        [
            {"name": "relative_name", "label": "另一人姓名"},
            {"name": "relative_id_number", "label": "另一人公民身份号码"},
            {"name": "relation", "label": "所称关系（如父子、母女、夫妻）"},
        ],
        "《中华人民共和国户口登记条例》；" + SHARING_BASIS,
        ["GJ1-01"],
    ),
    (
        "640121-MZJ",
        "marital-status",
        "婚姻登记状况核对",
        "婚姻登记信息系统中被核查人的婚姻登记状况",
        FIELDS,
        [{"name": "marital_status", "label": "婚姻登记状况（未登记结婚／已婚／离婚／丧偶）"}],
        [],
        "《婚姻登记条例》；" + SHARING_BASIS,
        ["GJ1-08"],
    ),
    (
        "640121-WJJ",
        "birth-certificate",
        "出生医学证明核对",
        "是否为被核查人（子女）签发过《出生医学证明》",
        YES_NO,
        [],
        [],
        "《中华人民共和国母婴保健法》；" + SHARING_BASIS,
        ["GJ1-09"],
    ),
    (
        "640121-RSJ",
        "employment",
        "就业登记与参保核对",
        "被核查人是否在所填单位办理就业登记或参加社会保险",
        YES_NO,
        [],
        [{"name": "employer", "label": "所称就业或参保单位"}],
        "《中华人民共和国就业促进法》；《中华人民共和国社会保险法》；" + SHARING_BASIS,
        ["GJ1-15"],
    ),
]


@transaction.atomic
def load_reference_facts(*, demo: bool = True) -> str:
    """Adds the facts of the holders that exist and do not declare them yet; never changes one."""
    added = 0
    for holder, code, name, question, kind, fields, inputs, basis, replaces in REFERENCE_FACTS:
        unit = Unit.objects.filter(code=holder).first()
        if unit is None:
            continue
        _, created = SharedFact.objects.get_or_create(
            holder=unit,
            code=code,
            defaults={
                "name": name,
                "question": question,
                "answer_kind": kind,
                "answer_fields": fields,
                "inputs": inputs,
                "legal_basis": basis,
                "replaces": replaces,
            },
        )
        added += created
    total = SharedFact.objects.filter(is_active=True).count()
    return f"共享核查事项 {total} 项（本次新增 {added} 项）"
