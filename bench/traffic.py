"""The day's mix both load runners send (bench/mixed_load.py with its own threads,
bench/locustfile.py under locust): what each request is, and which answers are writes to count.
Standard library only, and nothing of jianzheng: locust imports it from its own environment.

Who sends what:
  residents: the portal's search page, the catalogue API, verifying a paper (1 in 10 tampered),
             filing a complaint against a unit that demanded a cancelled proof, rating a paper
             they were issued with its check code (evaluation: once per case);
  clerk:     issuing a 居(租)住证明, recording a plaque at the community's venue (signage);
  officers:  the county reading the ledger, verifying as a department, the township and the
             county reading the dashboard and the census (reporting), the township reporting
             progress on a campaign task (campaign)."""

import random
from urllib.parse import quote

QUERIES = ["居住", "jzzm", "婚姻状况", "健在证明"]
CATALOGUE_CHECK = "/api/v1/catalogue/check?county=640121&name=" + quote("健在证明")
RESIDENCE = {
    "item": "YN-B03",
    "community": "640121100001",
    "checks": [{"method": "home_visit", "note": "入户查看"}],
    "purpose": "办理居住证",
    "requester": "永宁县公安局杨和派出所",
}
COMPLAINT = {
    "unit": "640121-YH",
    "item": "GJ1-10",
    "place": "杨和支行柜台",
    "description": "办理养老金代领时柜台要求先到社区开健在证明。",
    "county": "640121",
}
GRADES = ["very_satisfied", "satisfied", "basically_satisfied", "dissatisfied"]
# Read by the township (yanghe_officer) and the county (civil_affairs_admin), each in its scope.
REPORTS = ["/api/v1/dashboard", "/api/v1/census/issued"]
READERS = ["yanghe_officer", "civil_affairs_admin"]
# The people the runners hold API tokens for (bench/mixed_load.py `tokens`).
STAFF = ("yanghe_clerk", "yanghe_officer", "police_officer", "civil_affairs_admin")
# Every write whose 201 the runners count, and the answer field that names it.
WRITES = {
    "certificate": "serial",
    "complaint": "tracking_number",
    "rating": "case",
    "plaque": "id",
    "progress": "id",
}


def residence(tag: str) -> dict:
    facts = {
        "holder_name": "马小花",
        "holder_id_number": "640121199003071232",
        "gender": "男",
        "address": f"永宁县杨和镇示例路{tag}号",
        "since": "2019-05-01",
        "tenure": "租住",
    }
    return {**RESIDENCE, "facts": facts}


def complaint(today: str) -> dict:
    return {**COMPLAINT, "date": today}


def rating(serial: str, check_code: str, rng: random.Random) -> dict:
    return {"case": serial, "secret": check_code, "grade": rng.choice(GRADES)}


def plaque(venue: int, tag: str) -> dict:
    """A notice board inside the venue with its approval (三(四)): a plaque the rules allow, so
    the venue's task list does not grow with the load."""
    return {
        "venue": venue,
        "position": "notice_board",
        "orientation": "vertical",
        "text": f"居务公开栏{tag}",
        "width_cm": 60,
        "height_cm": 90,
        "approval_reference": "宁社治办〔2020〕3号",
    }


def progress_path(task: int) -> str:
    return f"/api/v1/tasks/{task}/progress"


def progress(tag: str) -> dict:
    return {"state": "under_way", "summary": f"已摸排社区挂牌情况（{tag}）"}


def search_path(rng: random.Random) -> str:
    return "/search?q=" + quote(rng.choice(QUERIES))


def forge(token: str) -> str:
    middle = len(token) // 2
    return token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]


def written_key(kind: str, answer: dict) -> str:
    return str(answer[WRITES[kind]])
