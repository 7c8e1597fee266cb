"""The backup test's child processes, each on the database named by DATABASE_URL.

    python tests/backup_harness.py issue OUT.json
        As 杨和第一社区's clerk, issue two 居（租）住证明 and revoke the second; write their
        tokens, serials and PDF digests (and the PDFs beside OUT.json).
    python tests/backup_harness.py look OUT.json
        What the platform answers now for each paper written by `issue`, and the PDFs' digests.
    python tests/backup_harness.py churn LOG
        Write for ever, in turn: a certificate, its resident's rating (evaluation), a refusal, a
        sharing check, a plaque with its photo and the rectification of the violation it opens
        with the photo afterwards (signage), a progress report with an evidence file and a
        supervision finding (campaign), every third round a revocation; append each committed
        write to LOG (the crash test kills this process with SIGKILL).
    python tests/backup_harness.py integrity OUT.json
        After a crash: every certificate with its PDF and signed document, serials without gaps,
        no document without its certificate, the audit chain whole; every write of the areas
        whole (a plaque with its photo, a rectification with its photo and the plaque taken
        down, a progress report with as many evidence rows as its audit entry counted, each
        stored file's bytes on disk, each rating once and audited); files left on disk by a
        killed transaction removed by the orphan sweeper; each logged write's key listed.

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


def _photo(name: str):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (24, 16), (0, 90, 0)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


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

        def wrote(kind: str, key) -> None:
            out.write(f"{kind} {key}\n")
            out.flush()

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
            wrote("certificate", certificate.serial)
            _churn_areas(n, certificate, wrote)
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


def _churn_areas(n: int, certificate, wrote) -> None:
    """One round of the areas' writes that came after issuing (issue 16, item 9)."""
    import datetime as dt

    from django.utils import timezone

    from jianzheng.accounts.models import User
    from jianzheng.campaign.models import Campaign
    from jianzheng.campaign.reference import SEED_CODE
    from jianzheng.campaign.services import record_finding, report_progress
    from jianzheng.evaluation.services import rate_case
    from jianzheng.regions.models import Unit
    from jianzheng.signage.models import RectificationTask, Venue
    from jianzheng.signage.services import record_plaque, rectify

    clerk = User.objects.get(username="yanghe_clerk")
    # The resident served rates the paper with the check code printed on it: once per case.
    rated = rate_case(case=certificate.serial, secret=certificate.check_code, grade="satisfied")
    wrote("rating", rated.rating.case_number)
    # A fourth plaque beside the door (三(三)二) opens a task; the clerk takes it down again.
    venue = Venue.objects.get(community__code="640121100001", name="党群服务中心")
    plaque = record_plaque(
        actor=clerk,
        venue=venue,
        position="door_side",
        orientation="vertical",
        text=f"崩溃测试协会{n}",
        width_cm=60,
        height_cm=240,
        photos=[_photo(f"plaque-{n}.png")],
    )
    wrote("plaque", plaque.pk)
    for task in RectificationTask.objects.filter(venue=venue, state="open", plaque__isnull=False):
        rectify(actor=clerk, task=task, after_photo=_photo(f"after-{n}.png"), note="已摘除")
        wrote("rectified", task.pk)
    # 杨和镇 reports on 二(四) as one of 各乡镇(街道); the region's supervision finds something.
    campaign = Campaign.objects.get(code=SEED_CODE)
    report = report_progress(
        actor=User.objects.get(username="yanghe_officer"),
        task=campaign.tasks.get(number=4),
        state="under_way",
        summary=f"崩溃测试：已摘牌{n}块",
        files=[_photo(f"evidence-{n}.png")],
    )
    wrote("progress", report.pk)
    finding = record_finding(
        actor=User.objects.get(username="civil_affairs_admin"),
        unit=Unit.objects.get(code="640121100"),
        task=campaign.tasks.get(number=4),
        reference=f"崩溃测试〔2026〕{n}号",
        found_on=timezone.localdate() - dt.timedelta(days=1),
        summary="社区外墙挂牌仍超过规定",
    )
    wrote("finding", finding.pk)


def _areas_whole(problems: list[str]) -> dict:
    """The areas' rows after a crash: each whole or absent, each with its one audit entry, each
    stored file's bytes on disk; what a killed transaction left on disk goes to the sweeper."""
    import datetime as dt
    from collections import Counter

    from jianzheng.campaign.models import ProgressEvidence, ProgressReport, SupervisionFinding
    from jianzheng.core.models import AuditEntry, StoredFile
    from jianzheng.core.uploads import sweep_orphans, uploads_root
    from jianzheng.evaluation.models import Rating
    from jianzheng.signage.models import Photo, Plaque, RectificationTask

    def audited(action: str) -> Counter:
        return Counter(AuditEntry.objects.filter(action=action).values_list("target_id", flat=True))

    for action, pks in (
        ("evaluation.rated", Rating.objects.values_list("pk", flat=True)),
        ("signage.plaque", Plaque.objects.values_list("pk", flat=True)),
        ("campaign.progress", ProgressReport.objects.values_list("pk", flat=True)),
        ("campaign.finding", SupervisionFinding.objects.values_list("pk", flat=True)),
    ):
        entries = audited(action)
        problems += [
            f"{action} {pk}: {entries[str(pk)]} audit entries"
            for pk in pks
            if entries[str(pk)] != 1
        ]
    files = {
        e.target_id: e.summary.get("files")
        for e in AuditEntry.objects.filter(action="campaign.progress")
    }
    evidence = Counter(ProgressEvidence.objects.values_list("report_id", flat=True))
    problems += [
        f"progress report {pk}: {evidence[pk]} evidence rows, {files.get(str(pk))} sent"
        for pk in ProgressReport.objects.values_list("pk", flat=True)
        if evidence[pk] != files.get(str(pk))
    ]
    photos = Counter(Photo.objects.filter(stage="record").values_list("plaque_id", flat=True))
    for plaque in Plaque.objects.filter(text__startswith="崩溃测试"):
        if photos[plaque.pk] != 1:
            problems.append(f"plaque {plaque.pk}: {photos[plaque.pk]} photos, 1 sent")
    after = Counter(Photo.objects.filter(stage="after").values_list("task_id", flat=True))
    for task in RectificationTask.objects.filter(plaque__isnull=False).select_related("plaque"):
        done = task.state != RectificationTask.State.OPEN
        if done != (after[task.pk] == 1) or done != (task.plaque.removed_on is not None):
            problems.append(
                f"rectification {task.pk} {task.state}: {after[task.pk]} photos afterwards, "
                f"plaque removed on {task.plaque.removed_on}"
            )
    unused = (
        StoredFile.objects.filter(area="signage").exclude(pk__in=Photo.objects.values("file_id"))
    ).count() + (
        StoredFile.objects.filter(area="campaign").exclude(
            pk__in=ProgressEvidence.objects.values("file_id")
        )
    ).count()
    if unused:
        problems.append(f"{unused} stored files without the row that uses them")

    # The writer is dead, so no transaction is in flight: every file without a row is an orphan.
    root = uploads_root()
    swept = sweep_orphans(older_than=dt.timedelta(0))
    on_disk = {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    for path, digest in StoredFile.objects.values_list("path", "sha256"):
        found = on_disk.pop(path, None)
        if found is None or hashlib.sha256(found.read_bytes()).hexdigest() != digest:
            problems.append(f"stored file {path}: {'changed' if found else 'missing'} on disk")
    if on_disk:
        problems.append(f"{len(on_disk)} files on disk without a row after the sweep")
    return {
        "rating": list(Rating.objects.values_list("case_number", flat=True)),
        "plaque": [str(pk) for pk in Plaque.objects.values_list("pk", flat=True)],
        "rectified": [
            str(pk)
            for pk in RectificationTask.objects.exclude(state="open").values_list("pk", flat=True)
        ],
        "progress": [str(pk) for pk in ProgressReport.objects.values_list("pk", flat=True)],
        "finding": [str(pk) for pk in SupervisionFinding.objects.values_list("pk", flat=True)],
        "orphans_swept": swept,
    }


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
    # Each community numbers its own papers, per year (640121100001-2026-000001, …).
    sequences: dict[str, list[int]] = {}
    for c in certificates:
        head, number = c.serial.rsplit("-", 1)
        sequences.setdefault(head, []).append(int(number))
    for head, numbers in sorted(sequences.items()):
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            problems.append(f"serial gaps in {head}: {sorted(numbers)}")
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
    areas = _areas_whole(problems)
    out.write_text(
        json.dumps(
            {
                **areas,
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
