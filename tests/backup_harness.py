"""The backup test's child processes, each on the database named by DATABASE_URL.

    python tests/backup_harness.py issue OUT.json
        As 杨和第一社区's clerk, issue two 居（租）住证明 and revoke the second; write their
        tokens, serials and PDF digests (and the PDFs beside OUT.json).
    python tests/backup_harness.py look OUT.json
        What the platform answers now for each paper written by `issue`, and the PDFs' digests.
    python tests/backup_harness.py churn LOG
        Write for ever: a certificate, a refusal, a sharing check, a revocation, in turn; append
        each committed write to LOG (the crash test kills this process with SIGKILL).
    python tests/backup_harness.py integrity OUT.json
        After a crash: every certificate with its PDF and signed document, serials without gaps,
        no document without its certificate, the audit chain whole, each logged write present.

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
            # Sealed at rest (core/pii.py): readable only with the key-encryption key.
            "holder_id_number": stored.holder_id_number,
            "facts_id_number": stored.facts["holder_id_number"],
        }
    print(json.dumps(seen))


def churn(log: Path) -> None:
    _setup()
    from jianzheng.accounts.models import User
    from jianzheng.certificates.services import issue_certificate, revoke_certificate
    from jianzheng.regions.models import Unit
    from jianzheng.sharing.services import ask_check

    clerk = User.objects.get(username="yanghe_clerk")
    officer = User.objects.get(username="police_officer")
    yanghe = Unit.objects.get(code="640121100001")
    with log.open("a", encoding="utf-8") as out:
        for n in range(10_000):
            certificate = issue_certificate(
                actor=clerk,
                community=yanghe,
                item="YN-B03",
                facts=dict(FACTS),
                checks=[{"method": "home_visit", "note": "入户查看"}],
                purpose=f"崩溃测试{n}",
                requester="永宁县公安局杨和派出所",
            )
            out.write(f"certificate {certificate.serial}\n")
            out.flush()
            refused = issue_certificate(  # 单身证明, first batch: refused and recorded
                actor=clerk,
                community=yanghe,
                item="GJ1-08",
                facts=dict(FACTS),
                checks=[],
                purpose=f"崩溃测试{n}",
                requester="某银行",
            )
            out.write(f"demand {refused.refusal.pk}\n")
            out.flush()
            check = ask_check(
                actor=officer,
                holder="640121-MZJ",
                fact="marital-status",
                subject_name="马小花",
                subject_id_number=FACTS["holder_id_number"],
                purpose="崩溃测试",
                case_number=f"CRASH-{n}",
                legal_basis="崩溃测试依据",
                replaces_item="GJ1-08",
            )
            out.write(f"sharing {check.pk}\n")
            out.flush()
            if n % 3 == 2:
                revoke_certificate(
                    actor=clerk, certificate=certificate, category="other", reason="r"
                )
                out.write(f"revoked {certificate.serial}\n")
                out.flush()


def integrity(out: Path) -> None:
    _setup()
    from jianzheng.certificates.models import Certificate, Demand
    from jianzheng.core.audit import run_audit_checks, verify_chain
    from jianzheng.documents.models import SignedDocument
    from jianzheng.sharing.integrity import verify_check
    from jianzheng.sharing.models import SharingCheck

    problems = []
    certificates = list(Certificate.objects.select_related("document", "pdf").order_by("serial"))
    for certificate in certificates:
        if not bytes(certificate.pdf.content).startswith(b"%PDF"):
            problems.append(f"{certificate.serial}: no PDF")
    numbers = sorted(int(c.serial.rsplit("-", 1)[1]) for c in certificates)
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"serial gaps: {numbers}")
    orphans = (
        SignedDocument.objects.filter(kind="certificate")
        .exclude(pk__in=Certificate.objects.values("document_id"))
        .count()
    )
    if orphans:
        problems.append(f"{orphans} signed documents without a certificate")
    report = verify_chain()
    if not report.ok:
        problems.append(f"audit chain: {report.broken_id} {report.reason}")
    problems += [f"audit check: {f.message}" for f in run_audit_checks()]
    problems += [
        f"sharing check {c.pk} fails its hashes"
        for c in SharingCheck.objects.all()
        if verify_check(c)
    ]
    out.write_text(
        json.dumps(
            {
                "problems": problems,
                "certificates": [c.serial for c in certificates],
                "revoked": [c.serial for c in certificates if c.document.revoked_at],
                "demands": [str(pk) for pk in Demand.objects.values_list("pk", flat=True)],
                "sharing": [str(pk) for pk in SharingCheck.objects.values_list("pk", flat=True)],
            }
        )
    )


if __name__ == "__main__":
    command, arg = sys.argv[1], Path(sys.argv[2])
    {"issue": issue, "look": look, "churn": churn, "integrity": integrity}[command](arg)
