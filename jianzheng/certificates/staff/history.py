"""A certificate's audit trail in words a clerk reads."""

AUDIT_ACTIONS = {"certificate.issued": "出具", "certificate.revoked": "撤销"}
AUDIT_FIELDS = {
    "serial": "编号",
    "item": "事项",
    "handover": "工作衔接",
    "holder": "持有人",
    "requester": "索要单位",
    "reason": "原因",
}


def history_row(entry) -> dict:
    details = []
    for key, value in entry.summary.items():
        if isinstance(value, bool):
            value = "是" if value else "否"
        details.append(f"{AUDIT_FIELDS.get(key, key)}：{value}")
    return {
        "at": entry.at,
        "actor": entry.actor_name,
        "action": AUDIT_ACTIONS.get(entry.action, entry.action),
        "details": "；".join(details),
    }
