"""The demo county's items under the commitment system: two first-batch proofs whose alternative
is a written commitment (民发〔2020〕20号 附件), marked through the catalogue's own change route
(an operator's import: approved change requests published as a version), never by editing rows."""

from django.db import transaction

from jianzheng.catalogue.commitment_spec import example_commitment
from jianzheng.catalogue.payload import item_to_payload, validate_item_payload
from jianzheng.catalogue.selectors import catalogue_of, latest_item, standing_above
from jianzheng.catalogue.services import import_catalogue
from jianzheng.regions.models import Region

DEMO_COUNTY = "640121"

MARRIAGE = example_commitment(
    domain="civil_affairs",
    notice={
        **example_commitment()["notice"],
        "legal_basis": "《婚姻登记条例》；国办发〔2020〕42号",
        "obligation": "申请人应当证明本人当前的婚姻状况（未婚、已婚、离异或丧偶）。",
    },
    post_check={
        "method": "data_sharing",
        "deadline_days": 10,
        "base_rate": 20,
        "higher_rate": 100,
        "full_check": False,
    },
)

DEMO_ITEMS = {"GJ1-19": example_commitment(), "GJ1-08": MARRIAGE}


@transaction.atomic
def load_commitment_items(*, demo: bool = True, actor=None) -> str:
    region = Region.objects.filter(code=DEMO_COUNTY).first()
    own = catalogue_of(region) if region else None
    if not demo or own is None:
        return "未标记告知承诺事项"
    payloads = []
    for code, block in DEMO_ITEMS.items():
        row = latest_item(code, catalogue=own)
        row = row if row is not None and row.is_active else standing_above(code, own)
        if row is None or row.commitment:
            continue
        payloads.append(validate_item_payload({**item_to_payload(row), "commitment": block}))
    if payloads:
        import_catalogue(
            actor=actor,
            catalogue=own,
            payloads=payloads,
            reason="实行证明事项告知承诺制（示例）",
            legal_basis="永民发〔2020〕91号 二（七）；国办发〔2020〕42号",
        )
    return f"告知承诺事项 {len(DEMO_ITEMS)} 项（{'、'.join(DEMO_ITEMS)}）"
