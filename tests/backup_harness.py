"""The backup test's child processes, each on the database named by DATABASE_URL.

    python tests/backup_harness.py issue OUT.json
        As 杨和第一社区's clerk, issue two 居（租）住证明 and revoke the second; write their
        tokens, serials and PDF digests (and the PDFs beside OUT.json).
    python tests/backup_harness.py look OUT.json
        What the platform answers now for each paper written by `issue`, and the PDFs' digests.

Module level stays Django-free: the test imports nothing from here."""

import hashlib
import json
import os
import sys
from pathlib import Path

FACTS = {
    "holder_name": "马小花",
    "holder_id_number": "640121199003071232",
    "gender": "男",
    "address": "永宁县杨和镇示例路8号",
    "since": "2019-05-01",
    "tenure": "租住",
}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianzheng.settings")
    import django

    django.setup()


def issue(out: Path) -> None:
    _setup()
    from jianzheng.accounts.models import User
    from jianzheng.certificates.services import issue_certificate, revoke_certificate
    from jianzheng.regions.models import Unit

    clerk = User.objects.get(username="yanghe_clerk")
    yanghe = Unit.objects.get(code="640121100001")
    papers = []
    for n in range(2):
        certificate = issue_certificate(
            actor=clerk,
            community=yanghe,
            item="YN-B03",
            facts=dict(FACTS),
            checks=[{"method": "home_visit", "note": "入户查看"}],
            purpose=f"备份测试{n}",
            requester="永宁县公安局杨和派出所",
        )
        pdf = out.parent / f"{certificate.serial}.pdf"
        pdf.write_bytes(bytes(certificate.pdf.content))
        papers.append(
            {"serial": certificate.serial, "token": certificate.document.token, "pdf": str(pdf)}
        )
    revoke_certificate(actor=clerk, certificate=certificate, category="other", reason="备份测试")
    out.write_text(json.dumps(papers, ensure_ascii=False))


def look(papers_file: Path) -> None:
    _setup()
    from jianzheng.certificates.models import Certificate
    from jianzheng.documents.services import verify_token

    seen = {}
    for paper in json.loads(papers_file.read_text()):
        result = verify_token(paper["token"], log=False)
        stored = Certificate.objects.get(serial=paper["serial"])
        seen[paper["serial"]] = {
            "status": result.status,
            "pdf_unchanged": hashlib.sha256(bytes(stored.pdf.content)).hexdigest()
            == hashlib.sha256(Path(paper["pdf"]).read_bytes()).hexdigest(),
        }
    print(json.dumps(seen))


if __name__ == "__main__":
    command, arg = sys.argv[1], Path(sys.argv[2])
    {"issue": issue, "look": look}[command](arg)
