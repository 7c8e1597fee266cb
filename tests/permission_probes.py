"""What tests/test_permission_matrix.py calls for each row of docs/permissions.md, and on what.

The world: the conftest.py people and the same roles at the city's and the region's level; a
certificate and a refusal of 杨和第一社区 ("own": the clerk's, under the township officer), of
李俊第一社区 ("other": the same county) and of 贺兰县's 习岗第一社区 ("other-county"); change
requests of 公安局 and of 杨和镇.
The probes: per row, each page and API endpoint that performs the action, with a minimal valid
body, so that only the permission decision can refuse it."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from jianzheng.accounts.demo import create_demo_users
from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_api_token, create_user
from jianzheng.catalogue.forms import ProposalForm
from jianzheng.catalogue.loading import load_reference_catalogue
from jianzheng.catalogue.payload import item_to_payload
from jianzheng.catalogue.selectors import get_item
from jianzheng.catalogue.services import decide_change, propose_change, review_change
from jianzheng.catalogue.tests.conftest import new_item_payload, region_approves
from jianzheng.certificates.demands import refuse_at_desk
from jianzheng.certificates.services import issue_certificate
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS
from jianzheng.complaints.services import submit_complaint, transition
from jianzheng.core.tests.test_uploads import jpeg_with_gps
from jianzheng.documents.services import ensure_signing_keys
from jianzheng.regions.models import Region, Unit, UnitName
from jianzheng.regions.reference import load_reference_regions
from jianzheng.sharing.reference import load_reference_facts
from jianzheng.sharing.services import ask_check

# The conftest.py people, as accounts/demo.py creates them under the same names (so that the world
# is built once per module, not once per case).
PERSONAS = {
    "community_clerk": "yanghe_clerk",  # 杨和第一社区
    "township_officer": "yanghe_officer",  # 杨和镇: 杨和's communities, not 李俊's
    "department_officer": "police_officer",  # 公安局
    "civil_affairs_admin": "civil_affairs_admin",  # 民政局
    "credit_officer": "credit_officer",  # 发改局
    "auditor": "auditor",  # 纪检
    # The same roles above the counties (accounts.demo): their subtree holds both counties.
    "civil_affairs_admin@city": "city_admin",  # 银川市民政局
    "civil_affairs_admin@region": "region_admin",  # 宁夏回族自治区民政厅
    "auditor@region": "region_auditor",  # 民政厅
}

FULL_ID = RESIDENCE_FACTS["holder_id_number"]
OWN_BANK, OTHER_BANK, HELAN_BANK = "杨和矩阵测试银行", "李俊矩阵测试银行", "习岗矩阵测试银行"


# Which check is "own" to a role: 公安 asked 民政 ("police"); 杨和镇 asked 公安 ("town", answered by
# 公安's officer); 人社 asked 卫健 ("other": nobody's here but the auditor's).
SHARING_OWN = {
    "sharing": {"township_officer": "town"},
    "inbox": {"department_officer": "town", "township_officer": "town"},
}
# A commitment and its post-check are "own" to the department deciding it: 公安's for the
# department officer, 民政局's for its admin; "other" is 审批服务管理局's. A credit record is the
# county's (its credit officers and auditors read every one of it).
COMMITMENT_KINDS = {"commitment", "postcheck", "untrue", "notified", "credit"}
COMMITMENT_OWN = {"civil_affairs_admin": "civil"}


# Which complaint is "own" to a role: one about the user's own unit for a department's or the
# credit bureau's staff (the accused unit sees only those); for everyone else the one about
# 杨和第一社区 (the clerk's community, under the township officer).
COMPLAINT_OWN = {"department_officer": "police", "credit_officer": "fgj"}
COMPLAINT_KINDS = ("complaint", "verified")
# Work pushed onto communities (二(二)): a request, an agreement, a push is "own" to 公安局 (its
# officer), to 杨和第一社区 (its clerk, under the township officer) and to the county; a township
# officer's own request is 杨和镇's; "other" is 卫健局's, for 李俊第一社区.
WORK_KINDS = {"wirequest", "agreement", "push"}
# A follow-up of a bad rating (issue 14) is "own" to the unit that served: 杨和第一社区's (its clerk,
# under the township officer; the county's), 公安局's for its officer (a commitment it took).
FOLLOWUP_OWN = {"department_officer": "police"}


@dataclass(frozen=True)
class Thing:
    obj: object
    marker: str  # the text a list shows for it
    values: dict  # what it fills into a path


@dataclass
class World:
    people: dict
    tokens: dict
    things: dict  # kind → {"own"/"other"/"other-county" or "police"/"town": Thing}
    token: str  # the own certificate's verification token
    serial: str  # … its serial and the check code printed beside it
    check_code: str
    change_form: dict
    complaint_number: str = ""  # a resident's report, and the secret shown once for it
    complaint_secret: str = ""

    def thing(self, kind: str, role: str, scope: str) -> Thing:
        found = self.things[kind]
        if kind in ("change", "reviewed"):
            # A change request is "own" to the unit that proposed it: 杨和镇's for the township
            # officer, 公安局's for everyone else (the only other proposer here).
            mine, theirs = ("town", "police") if role == "township_officer" else ("police", "town")
            return found[mine if scope == "own" else theirs]
        if kind == "followup" and scope == "own":
            return found[FOLLOWUP_OWN.get(role, "own")]
        if kind in COMPLAINT_KINDS and scope == "own":
            return found[COMPLAINT_OWN.get(role, "own")]
        if kind in WORK_KINDS:
            if scope != "own":
                return found["other"]
            return found["town" if kind == "wirequest" and role == "township_officer" else "own"]
        if kind in COMMITMENT_KINDS:
            mine = "police" if kind == "credit" else COMMITMENT_OWN.get(role, "police")
            return found[mine if scope == "own" else "spj"]
        if kind in SHARING_OWN:
            # A sharing check is "own" to the units that asked it and were asked.
            return found[SHARING_OWN[kind].get(role, "police") if scope == "own" else "other"]
        return found[scope]


def _proposal_form(kind: str, payload: dict) -> dict:
    """The proposal form filled in as the page pre-fills it from a payload."""
    initial = ProposalForm(kind=kind, payload=payload).initial
    body = {k: v for k, v in initial.items() if v is not False}  # an unticked box is not sent
    return {**body, "reason": "矩阵测试", "legal_basis": "矩阵测试"}


HARDSHIP_FACTS = {
    **{k: RESIDENCE_FACTS[k] for k in ("holder_name", "holder_id_number")},
    "address": "贺兰县习岗镇示例路1号",
    "members": "3",
    "cause": "因病致贫",
}


def build_world() -> World:
    load_reference_regions(demo=True)  # with 贺兰县
    load_reference_catalogue()
    ensure_signing_keys(actor=None)
    create_demo_users()
    users = {u.username: u for u in get_user_model().objects.all()}
    yanghe = Unit.objects.get(code="640121100001")
    lijun = Unit.objects.get(code="640121101001")
    xigang = Unit.objects.get(code="640122100001")

    def certificate(clerk, community):
        # 贺兰县 cancels 居住证明 (its own list): its communities issue a hardship proof instead.
        in_helan = community.code.startswith("640122")
        made = issue_certificate(
            actor=users[clerk],
            community=community,
            item="HL-B02" if in_helan else "YN-B03",
            facts=HARDSHIP_FACTS if in_helan else RESIDENCE_FACTS,
            checks=CHECKS,
            purpose="办理居住证",
            requester="派出所",
        )
        return Thing(made, made.serial, {"serial": made.serial})

    def refusal(clerk, community, bank):
        made = refuse_at_desk(
            actor=users[clerk], community=community, item="健在证明", requester=bank
        )
        return Thing(made, bank, {"pk": made.pk})

    def change(proposer, code, *, reviewed=False):
        made = propose_change(
            actor=users[proposer],
            kind="add",
            payload=new_item_payload(code=code, name=f"矩阵测试证明{code[-1]}"),
            reason="矩阵测试",
            legal_basis="矩阵测试",
        )
        if reviewed:
            made = review_change(actor=users["second_admin"], change=made, accept=True)
        return Thing(made, code, {"pk": made.pk})

    approved = change("police_officer", "YN-M5", reviewed=True).obj  # for publishing
    decide_change(
        actor=users["zzb_admin"], change=approved, approve=True, approval_reference="宁政函1号"
    )
    region_approves(approved)
    own = certificate("yanghe_clerk", yanghe)
    load_reference_facts()
    users["hrss_officer"] = create_user(
        actor=None,
        username="hrss_officer",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121-RSJ"),
        role=Role.DEPARTMENT_OFFICER,
        full_name="人社",
        validate=False,
    )

    def sharing(asker, holder, fact, item, case, **extra):
        made = ask_check(
            actor=users[asker],
            holder=holder,
            fact=fact,
            subject_name="马小花",
            subject_id_number=FULL_ID,
            purpose="矩阵测试",
            case_number=case,
            legal_basis="矩阵测试依据",
            replaces_item=item,
            **extra,
        )
        return Thing(made, case, {"pk": made.pk, "id": made.pk})

    checks = {
        "police": sharing(
            "police_officer", "640121-MZJ", "marital-status", "GJ1-08", "矩阵公安问民政"
        ),
        "town": sharing(
            "yanghe_officer",
            "640121-GAJ",
            "hukou-address",
            "YN-B03",
            "矩阵镇问公安",
            particulars={"address": "永宁县杨和镇示例路8号"},
        ),
        "other": sharing(
            "hrss_officer", "640121-WJJ", "birth-certificate", "GJ1-09", "矩阵人社问卫健"
        ),
    }

    def complaint(unit_code, county_code, *, verify_as=None):
        """A resident's report against `unit_code`, with a photo; verified by `verify_as`."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        made = submit_complaint(
            county=Region.objects.get(code=county_code),
            unit=unit_code,
            item="GJ1-10",
            date=timezone.localdate().isoformat(),
            place="矩阵测试窗口",
            description="矩阵测试：要求到社区开具健在证明。",
            files=[SimpleUploadedFile("photo.jpg", jpeg_with_gps(), "image/jpeg")],
        )
        case = made.complaint
        if verify_as:
            for to, note in (("accepted", ""), ("answered", "矩阵答复"), ("verified", "矩阵属实")):
                case = transition(actor=users[verify_as], complaint=case, to=to, note=note)
        values = {
            "pk": case.pk,
            "id": case.pk,
            "evidence_id": case.evidence.get().pk,
            "tracking_number": case.tracking_number,
        }
        return Thing(case, case.tracking_number, values), made.secret

    own_complaint, own_secret = complaint("640121100001", "640121")
    complaints = {
        "own": own_complaint,
        "other": complaint("640121101001", "640121")[0],
        "other-county": complaint("640122100001", "640122")[0],
        "police": complaint("640121-GAJ", "640121")[0],
        "fgj": complaint("640121-FGJ", "640121")[0],
    }
    verified = {
        "own": complaint("640121100001", "640121", verify_as="civil_affairs_admin")[0],
        "other": complaint("640121101001", "640121", verify_as="civil_affairs_admin")[0],
        "other-county": complaint("640122100001", "640122", verify_as="helan_admin")[0],
        "police": complaints["police"],
        "fgj": complaints["fgj"],
    }
    commitment_things = _commitment_world(users)
    work_things = _work_world(users)
    evaluation_things = _evaluation_world(
        users, certificate, commitment_things, yanghe, lijun, xigang
    )
    signage_things = _signage_world(users)
    changed = item_to_payload(get_item("YN-B03"))
    changed["time_limit_days"] += 1
    world = World(
        people={role: users[name] for role, name in PERSONAS.items()},
        tokens={
            role: create_api_token(actor=None, user=users[name])[1]
            for role, name in PERSONAS.items()
        },
        things={
            "certificate": {
                "own": own,
                "other": certificate("lijun_clerk", lijun),
                "other-county": certificate("xigang_clerk", xigang),
            },
            "refusal": {
                "own": refusal("yanghe_clerk", yanghe, OWN_BANK),
                "other": refusal("lijun_clerk", lijun, OTHER_BANK),
                "other-county": refusal("xigang_clerk", xigang, HELAN_BANK),
            },
            "community": {
                "own": Thing(yanghe, yanghe.name, {}),
                "other": Thing(lijun, lijun.name, {}),
                "other-county": Thing(xigang, xigang.name, {}),
            },
            "change": {
                "police": change("police_officer", "YN-M1"),
                "town": change("yanghe_officer", "YN-M2"),
            },
            "reviewed": {
                "police": change("police_officer", "YN-M3", reviewed=True),
                "town": change("yanghe_officer", "YN-M4", reviewed=True),
            },
            "sharing": checks,
            "inbox": checks,
            "complaint": complaints,
            "verified": verified,
            **commitment_things,
            **work_things,
            **evaluation_things,
            **signage_things,
        },
        token=own.obj.document.token,
        serial=own.obj.serial,
        check_code=own.obj.check_code,
        change_form=_proposal_form("change", changed),
        complaint_number=own_complaint.obj.tracking_number,
        complaint_secret=own_secret,
    )
    _campaign(world)  # the seed's campaign and an evidence file, before any case runs
    return world


COMMITTED_ID = "64012119850505231X"  # the subjects of the world's commitments (not FULL_ID)


def _commitment_world(users) -> dict:
    """Per deciding department (公安 "police", 民政局 "civil", 审批服务管理局 "spj"): a commitment, a
    pending post-check, an untrue one waiting to be told, a told one waiting to be confirmed;
    for 公安 and 审批 a credit record each. The sampling rule draws at random-looking serials, so
    the scene gives each commitment its check directly (the rule is tested in commitments/)."""
    from jianzheng.commitments import postchecks
    from jianzheng.commitments.models import CreditRecord, PostCheck
    from jianzheng.commitments.reference import load_commitment_items
    from jianzheng.commitments.services import make_commitment
    from jianzheng.core import workdays
    from jianzheng.core.apps import load_calendar

    workdays.forget_cached_calendar()
    load_calendar(demo=False)
    workdays.forget_cached_calendar()
    load_commitment_items(demo=True)
    users["spj_officer"] = create_user(
        actor=None,
        username="spj_officer",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121-SPJ"),
        role=Role.DEPARTMENT_OFFICER,
        full_name="审批",
        validate=False,
    )
    officers = {"police": "police_officer", "civil": "civil_affairs_admin", "spj": "spj_officer"}
    items = {"police": "GJ1-08", "civil": "GJ1-08", "spj": "GJ1-19"}
    things: dict = {
        kind: {} for kind in ("commitment", "postcheck", "untrue", "notified", "credit")
    }
    for who, username in officers.items():
        officer = users[username]

        def commit(case, officer=officer, item=items[who]):
            made = make_commitment(
                actor=officer,
                item=item,
                department="",
                case_number=case,
                applicant_name="马大勇",
                applicant_id_number=COMMITTED_ID,
                applicant_phone="13800000002",
                clauses_accepted=[1, 2, 3, 4],
                applicant_confirmed=True,
            )
            check = PostCheck.objects.filter(commitment=made).first() or PostCheck.objects.create(
                commitment=made,
                department=made.department,
                number=f"HC-{made.serial}",
                method="on_site",
                created_on=workdays.today(),
                deadline=workdays.add_working_days(workdays.today(), 10),
            )
            return made, check

        made, _ = commit(f"矩阵承诺{who}")
        things["commitment"][who] = Thing(made, made.serial, {"serial": made.serial})
        _, check = commit(f"矩阵核查{who}")
        things["postcheck"][who] = Thing(check, check.number, {"pk": check.pk, "id": check.pk})
        untrue = {
            "fulfilled": False,
            "basis": "矩阵依据",
            "how": "矩阵核查",
            "findings": "矩阵不实",
            "evidence": "矩阵证据",
        }
        _, check = commit(f"矩阵不实{who}")
        postchecks.record_result(actor=officer, check=check, **untrue)
        things["untrue"][who] = Thing(check, check.number, {"pk": check.pk, "id": check.pk})
        _, check = commit(f"矩阵已告知{who}")
        postchecks.record_result(actor=officer, check=check, **untrue)
        postchecks.notify_finding(actor=officer, check=check, method="矩阵电话")
        things["notified"][who] = Thing(check, check.number, {"pk": check.pk, "id": check.pk})
        if who != "civil":
            _, check = commit(f"矩阵信用{who}")
            postchecks.record_result(actor=officer, check=check, **untrue)
            postchecks.notify_finding(actor=officer, check=check, method="矩阵电话")
            postchecks.confirm_finding(
                actor=officer, check=check, answer="矩阵申辩", measure_basis="矩阵", months=1
            )
            record = CreditRecord.objects.get(post_check=check)
            # Ended yesterday, so the same person's later commitments in this scene are not blocked.
            CreditRecord.objects.filter(pk=record.pk).update(
                end_date=workdays.today() - timezone.timedelta(days=1)
            )
            things["credit"][who] = Thing(record, record.number, {"pk": record.pk, "id": record.pk})
    return things


def _work_terms() -> dict:
    today = timezone.localdate()
    return {
        "kind": "task",
        "title": "矩阵入户走访",
        "reason": "矩阵测试",
        "legal_basis": "矩阵依据",
        "hours_per_month": "4",
        "funding_amount": "1000",
        "funding_method": "一次性拨付",
        "term_start": today.isoformat(),
        "term_end": (today + dt.timedelta(days=90)).isoformat(),
    }


def _work_world(users) -> dict:
    """Pending requests of 公安局 and 杨和镇 (for 杨和第一社区) and of 卫健局 (for 李俊第一社区); an approved
    one of each of 公安局 and 卫健局 with its agreement; a push recorded by each community."""
    from jianzheng.workitems.reference import load_work_items
    from jianzheng.workitems.services import decide_request, record_push, submit_request

    load_work_items(demo=True)
    users["wjj_officer"] = create_user(
        actor=None,
        username="wjj_officer",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121-WJJ"),
        role=Role.DEPARTMENT_OFFICER,
        full_name="卫健",
        validate=False,
    )

    def ask(who, community, title):
        made = submit_request(
            actor=users[who], communities=[community], **{**_work_terms(), "title": title}
        )
        return Thing(made, made.number, {"pk": made.pk, "id": made.pk})

    def agreement(who, community, title):
        made = ask(who, community, title).obj
        decide_request(
            actor=users["civil_affairs_admin"], request=made, decision="approve", reason="矩阵"
        )
        signed = made.agreement
        return Thing(signed, signed.number, {"number": signed.number})

    def push(clerk, community, department, title):
        made = record_push(
            actor=users[clerk],
            community=Unit.objects.get(code=community),
            department=department,
            title=title,
        )
        return Thing(made, title, {"pk": made.pk})

    return {
        "wirequest": {
            "own": ask("police_officer", "640121100001", "矩阵公安申请"),
            "town": ask("yanghe_officer", "640121100001", "矩阵杨和镇申请"),
            "other": ask("wjj_officer", "640121101001", "矩阵卫健申请"),
        },
        "agreement": {
            "own": agreement("police_officer", "640121100001", "矩阵公安协议"),
            "other": agreement("wjj_officer", "640121101001", "矩阵卫健协议"),
        },
        "push": {
            "own": push("yanghe_clerk", "640121100001", "640121-GAJ", "矩阵推送杨和"),
            "other": push("lijun_clerk", "640121101001", "640121-WJJ", "矩阵推送李俊"),
        },
    }


def _evaluation_world(users, certificate, commitment_things, yanghe, lijun, xigang) -> dict:
    """Bad ratings with their follow-ups: of a certificate of each community and of 公安局's
    commitment; 永宁县's evaluation for last year, published, and a draft for this year."""
    from jianzheng.evaluation import schemes
    from jianzheng.evaluation.services import rate_case

    def followup(made):
        rated = rate_case(case=made.serial, secret=made.check_code, grade="dissatisfied")
        return Thing(rated.follow_up, made.serial, {"pk": rated.follow_up.pk})

    year = timezone.localdate().year
    county = Region.objects.get(code="640121")

    def scheme(period_year):
        made = schemes.create_scheme(
            actor=users["civil_affairs_admin"],
            county=county,
            period=str(period_year),
            name=f"{period_year}年度矩阵考评",
            start=dt.date(period_year, 1, 1),
            end=dt.date(period_year, 12, 31),
            with_defaults=True,
        )
        schemes.run_scheme(actor=users["civil_affairs_admin"], scheme=made)
        return made

    published = scheme(year - 1)
    schemes.publish_scheme(actor=users["civil_affairs_admin"], scheme=published)
    draft = scheme(year)
    return {
        "followup": {
            "own": followup(certificate("yanghe_clerk", yanghe).obj),
            "other": followup(certificate("lijun_clerk", lijun).obj),
            "other-county": followup(certificate("xigang_clerk", xigang).obj),
            "police": followup(commitment_things["commitment"]["police"].obj),
        },
        "evalscheme": {
            "published": Thing(published, published.period, {"pk": published.pk}),
            "draft": Thing(draft, draft.period, {"pk": draft.pk}),
        },
    }


def _published(world):
    scheme = world.things["evalscheme"]["published"].obj
    return {"pk": scheme.pk, "period": scheme.period, "community": "640121100001"}


def _draft(world):
    return {"pk": world.things["evalscheme"]["draft"].obj.pk}


def _rating(world, _):
    return {"case": world.serial, "secret": world.check_code, "grade": "satisfied"}


def _photo():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("photo.jpg", jpeg_with_gps(), "image/jpeg")


def _signage_world(users) -> dict:
    """A venue of each of 杨和第一社区 (own), 李俊第一社区 (other) and 习岗第一社区 (other county), each
    with a plaque (and its photo), a notice and an award; a violation still open and one put right
    waiting for the township's sign-off."""
    from jianzheng.signage.models import Photo, RectificationTask
    from jianzheng.signage.services import (
        create_venue,
        record_award,
        record_plaque,
        record_posting,
        rectify,
    )

    things: dict = {kind: {} for kind in ("venue", "sigtask", "sigdone", "sigphoto", "sigplaque")}
    for scope, clerk, code, name in (
        ("own", "yanghe_clerk", "640121100001", "矩阵杨和场所"),
        ("other", "lijun_clerk", "640121101001", "矩阵李俊场所"),
        ("other-county", "xigang_clerk", "640122100001", "矩阵习岗场所"),
    ):
        actor = users[clerk]
        venue = create_venue(actor=actor, community=Unit.objects.get(code=code), name=name)
        for text in ("矩阵心理咨询室", "矩阵活动室"):
            made = record_plaque(
                actor=actor,
                venue=venue,
                position="inside",
                orientation="horizontal",
                text=text,
                width_cm=40,
                height_cm=20,
                photos=[_photo()],
            )
        record_posting(actor=actor, venue=venue, title=f"{name}使用须知", kind="notice")
        record_award(actor=actor, venue=venue, title=f"{name}示范", where="honour_room")
        tasks = list(RectificationTask.objects.filter(venue=venue).order_by("pk"))
        rectify(actor=actor, task=tasks[1], after_photo=_photo())
        things["venue"][scope] = Thing(venue, name, {"pk": venue.pk, "community": code})
        things["sigtask"][scope] = Thing(tasks[0], name, {"pk": tasks[0].pk})
        things["sigdone"][scope] = Thing(tasks[1], name, {"pk": tasks[1].pk})
        photo = Photo.objects.get(plaque=made)
        things["sigphoto"][scope] = Thing(photo, name, {"pk": photo.pk})
        kept = record_plaque(  # compliant, with no task: it comes down by its own removal
            actor=actor,
            venue=venue,
            position="door_header",
            orientation="horizontal",
            text="党群服务中心",
            width_cm=400,
            height_cm=80,
        )
        assert not RectificationTask.objects.filter(plaque=kept).exists()
        things["sigplaque"][scope] = Thing(kept, name, {"pk": kept.pk})
    return things


SIGNAGE_PLAQUE = {
    "position": "door_side",
    "orientation": "vertical",
    "text": "矩阵服务站",
    "width_cm": "60",
    "height_cm": "240",
}


def _signage_rules(world, _):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jianzheng.signage.rules import DEFAULT_FILE

    return {"file": SimpleUploadedFile("rules.json", DEFAULT_FILE.read_bytes(), "application/json")}


def _paper_link(world):
    from django.core import signing

    from jianzheng.commitments.views import PAPER_SALT

    serial = world.things["commitment"]["police"].obj.serial
    return {"link": signing.dumps(serial, salt=PAPER_SALT)}


COMMIT_FORM = {
    "applicant_name": "马小花",
    "applicant_id_number": FULL_ID,
    "applicant_phone": "13800000001",
    "case_number": "矩阵网上承诺",
    "clause_1": "on",
    "clause_2": "on",
    "clause_3": "on",
    "clause_4": "on",
}
COMMIT_JSON = {
    "item": "GJ1-08",
    "case_number": "矩阵平台承诺",
    "applicant_name": "马小花",
    "applicant_id_number": FULL_ID,
    "applicant_phone": "13800000001",
    "clauses_accepted": [1, 2, 3, 4],
}
UNTRUE_JSON = {
    "fulfilled": True,
    "basis": "矩阵依据",
    "how": "矩阵核查",
}


@dataclass(frozen=True)
class Probe:
    method: str
    path: str  # exactly as the table writes it
    api: bool = False
    target: str = ""  # the object the path or body names (its scope decides 404 or 403)
    lists: tuple[str, ...] = ()  # kinds a list shows: only those the user sees
    query: dict = field(default_factory=dict)
    body: Callable | dict | None = None  # a minimal valid body: only the permission can refuse
    fill: Callable | None = None  # path values that are not the target's
    ok: int = 200
    full_id: bool = False  # shows the holder's ID: in full only where `full-id` allows
    headers: Callable | None = None  # request headers from the world (a resident's secret)

    @property
    def endpoint(self) -> tuple[str, str]:
        return (self.method, self.path)


def page(path, **kw):
    return Probe("GET", path, **kw)


def form(path, body, **kw):
    return Probe("POST", path, body=body, ok=302, **kw)


def api_get(path, **kw):
    return Probe("GET", path, api=True, **kw)


def api_post(path, body, ok=201, **kw):
    return Probe("POST", path, api=True, body=body, ok=ok, **kw)


HOLDER = {"holder_name": RESIDENCE_FACTS["holder_name"], "holder_id_number": FULL_ID}
ISSUE_FORM = {
    **{f"fact_{name}": value for name, value in RESIDENCE_FACTS.items()},
    "purpose": "办理居住证",
    "requester": "永宁县公安局杨和派出所",
    "checks": ["home_visit"],
    "check_note": "入户查看",
    "action": "issue",
}
ALIVE_FACTS = {**HOLDER, "fact": "本人健在"}
HANDOVER_FORM = {
    **{f"fact_{name}": value for name, value in ALIVE_FACTS.items()},
    "purpose": "办理养老金领取",
    "requester": "永宁县农村商业银行",
    "checks": ["home_visit"],
    "handover_reason": "entity_demand",
    "handover_within_duties": "on",
    "handover_verifiable": "on",
    "action": "issue",
}


def _issue_json(item, facts, **extra):
    def body(world, community):
        return {
            "item": item,
            "community": community.obj.code,
            "facts": facts,
            "checks": [{"method": "home_visit", "note": "入户查看"}],
            "purpose": "办理居住证",
            "requester": "永宁县农村商业银行",
            **extra,
        }

    return body


HANDOVER_JSON = {
    "reason": "entity_demand",
    "requester": "永宁县农村商业银行",
    "within_duties": True,
    "verifiable": True,
}


def upper_token(world):  # the QR code carries the token in upper case
    return {"token": world.token.upper()}


SHARING_ASK = {
    "subject_name": "马小花",
    "subject_id_number": FULL_ID,
    "purpose": "矩阵测试",
    "case_number": "矩阵新核查",
    "legal_basis": "矩阵测试依据",
    "replaces_item": "GJ1-09",
}
NEW_ITEM = new_item_payload(code="YN-M9", name="矩阵测试证明九")
REPORT_FORM = {
    "unit_name": "永宁县公安局",
    "item_name": "健在证明",
    "date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
    "place": "矩阵测试窗口",
    "description": "矩阵测试：窗口要求到社区开具健在证明。",
}
REPORT_JSON = {**{k: v for k, v in REPORT_FORM.items() if k != "unit_name"}, "unit": "640121-GAJ"}


def _followed(world):
    return {"tracking_number": world.complaint_number}


def _secret(world):
    return {"x-complaint-secret": world.complaint_secret}


CERT = "/staff/certificates"


def _campaign(world) -> dict:
    """The seed's campaign (loaded on first use), its first task (二(一): 民政局 and 司法局 lead,
    every township and county department cooperates) and an evidence file of that task."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jianzheng.campaign.models import Campaign, ProgressEvidence
    from jianzheng.campaign.reference import SEED_CODE
    from jianzheng.campaign.services import load_seed_campaign, report_progress

    load_seed_campaign(demo=True)
    campaign = Campaign.objects.get(code=SEED_CODE)
    task = campaign.tasks.get(number=1)
    evidence = ProgressEvidence.objects.filter(report__task=task).first()
    if evidence is None:
        photo = SimpleUploadedFile("e.jpg", jpeg_with_gps(), content_type="image/jpeg")
        report_progress(
            actor=world.people["civil_affairs_admin"],
            task=task,
            state="under_way",
            summary="矩阵佐证",
            files=[photo],
        )
        evidence = ProgressEvidence.objects.get(report__task=task)
    return {"pk": campaign.pk, "id": campaign.pk, "task": task.pk, "evidence": evidence.pk}


def _task(world) -> dict:
    values = _campaign(world)
    return {"pk": values["task"], "id": values["task"]}


CAMPAIGN_PROBES = {
    "campaign-read": [
        page("/staff/campaign/", fill=_campaign),
        page("/staff/campaign/{pk}/", fill=_campaign),
        page("/staff/campaign/tasks/{pk}/", fill=_task),
        page("/staff/campaign/evidence/{pk}", fill=lambda w: {"pk": _campaign(w)["evidence"]}),
        page("/staff/campaign/findings/"),
        api_get("/campaigns", fill=_campaign),
        api_get("/campaigns/{id}/tasks", fill=_campaign),
    ],
    "campaign-report": [
        form(
            "/staff/campaign/tasks/{pk}/", {"state": "under_way", "summary": "矩阵进展"}, fill=_task
        ),
        api_post("/tasks/{id}/progress", {"state": "under_way", "summary": "矩阵进展"}, fill=_task),
    ],
    "campaign-copy": [
        form("/staff/campaign/{pk}/copy/", {"county": "640121", "year": "2031"}, fill=_campaign),
    ],
    "campaign-findings": [
        form(
            "/staff/campaign/findings/",
            lambda w, _: {
                "unit": "640121-ZZB",
                "task": "",
                "reference": "矩阵督查〔2020〕1号",
                "found_on": timezone.localdate().isoformat(),
                "summary": "矩阵督查发现",
            },
        ),
    ],
    "dashboard": [
        page("/staff/reporting/"),
        page("/staff/reporting/panels/{key}.xlsx", fill=lambda w: {"key": "certificates_item"}),
        page("/staff/reporting/census/"),
        page("/staff/reporting/census/issued.{fmt}", fill=lambda w: {"fmt": "xlsx"}),
        page("/staff/reporting/census/legal-bases.{fmt}", fill=lambda w: {"fmt": "pdf"}),
        api_get("/census/issued"),
        api_get("/census/legal-bases", query={"county": "640121"}),
        api_get("/dashboard"),
    ],
}

PROBES: dict[str, list[Probe]] = {
    "portal": [
        page("/"),
        page("/list"),
        page("/history"),
        page("/history/{number}"),
        page("/policy"),
    ],
    "search": [
        page("/search", query={"q": "居住"}),
        api_get("/catalogue/items", query={"q": "居住"}),
    ],
    "item": [page("/items/{code}"), api_get("/catalogue/items/{code}")],
    "check": [api_get("/catalogue/check", query={"name": "居住证明"})],
    "sample": [page("/items/{code}/sample.pdf")],
    "verify": [
        page("/v/{token}"),
        Probe("POST", "/v/{token}", body=HOLDER),
        page("/V/{token}", fill=upper_token),
        Probe("POST", "/V/{token}", body=HOLDER, fill=upper_token),
        page("/verify/"),
        Probe(
            "POST", "/verify/", body=lambda w, _: {"serial": w.serial, "check_code": w.check_code}
        ),
        api_post("/verify", lambda w, _: {"token": w.token}, ok=200),
        api_post("/verify", lambda w, _: {"serial": w.serial, "check_code": w.check_code}, ok=200),
    ],
    "lists": [
        page("/.well-known/jianzheng/keys.json"),
        page("/.well-known/jianzheng/revoked.json"),
        page("/.well-known/jianzheng/audit-checkpoints.json"),
    ],
    "home": [page("/staff/")],
    "catalogue": [page("/staff/catalogue/"), page("/staff/catalogue/items/{code}/")],
    "propose": [
        page("/staff/catalogue/new/"),
        form("/staff/catalogue/new/", _proposal_form("add", NEW_ITEM)),
        page("/staff/catalogue/items/{code}/change/"),
        form("/staff/catalogue/items/{code}/change/", lambda w, _: w.change_form),
        page("/staff/catalogue/items/{code}/remove/"),
        form("/staff/catalogue/items/{code}/remove/", {"reason": "矩阵", "legal_basis": "矩阵"}),
    ],
    "changes": [
        page("/staff/catalogue/changes/", lists=("change",)),
        page("/staff/catalogue/changes/{pk}/", target="change"),
    ],
    "review": [
        form(
            "/staff/catalogue/changes/{pk}/review/",
            {"decision": "accept", "note": "同意"},
            target="change",
        )
    ],
    "decide": [
        form(
            "/staff/catalogue/changes/{pk}/decide/",
            {"decision": "approve", "approval_reference": "宁政函2号"},
            target="reviewed",
        )
    ],
    "publish": [
        page("/staff/catalogue/publish/"),
        form(
            "/staff/catalogue/publish/",
            lambda w, _: {"effective_date": timezone.localdate().isoformat(), "summary": "矩阵"},
        ),
    ],
    "issue": [
        page(f"{CERT}/issue/"),
        page(f"{CERT}/issue/{{code}}/"),
        form(f"{CERT}/issue/{{code}}/", ISSUE_FORM),
        api_post("/certificates", _issue_json("YN-B03", RESIDENCE_FACTS), target="community"),
    ],
    "handover": [
        page(f"{CERT}/issue/{{code}}/handover/", fill=lambda w: {"code": "GJ1-10"}),
        form(f"{CERT}/issue/{{code}}/handover/", HANDOVER_FORM, fill=lambda w: {"code": "GJ1-10"}),
        api_post(
            "/certificates",
            _issue_json("GJ1-10", ALIVE_FACTS, handover=HANDOVER_JSON),
            target="community",
        ),
    ],
    "refuse": [
        form(f"{CERT}/issue/refuse/", {"item": "GJ1-10", "requester": "矩阵测试银行"}),
        page(f"{CERT}/refusals/new/"),
        form(f"{CERT}/refusals/new/", {"item": "健在证明", "requester": "矩阵测试银行"}),
        api_post(
            "/refusals",
            lambda w, c: {"community": c.obj.code, "item": "健在证明", "requester": "矩阵测试"},
            target="community",
        ),
    ],
    "ledger": [
        page(f"{CERT}/", lists=("certificate",)),
        page(f"{CERT}/refusals/", lists=("refusal",)),
        page(f"{CERT}/export.xlsx", lists=("certificate", "refusal")),
        api_get("/certificates", lists=("certificate",)),
        api_get("/refusals", lists=("refusal",)),
    ],
    "record": [
        page(f"{CERT}/{{serial}}/", target="certificate", full_id=True),
        page(f"{CERT}/refusals/{{pk}}/", target="refusal"),
        api_get("/certificates/{serial}", target="certificate", full_id=True),
    ],
    "full-id": [
        page(f"{CERT}/{{serial}}/pdf", target="certificate"),
        api_get("/certificates/{serial}/pdf", target="certificate"),
    ],
    "revoke": [
        form(
            f"{CERT}/{{serial}}/revoke",
            {"category": "other", "reason": "矩阵测试", "confirm": "on"},
            target="certificate",
        ),
        api_post(
            "/certificates/{serial}/revoke",
            {"category": "other", "reason": "矩阵测试"},
            ok=200,
            target="certificate",
        ),
    ],
    "switch": [
        page(f"{CERT}/handover/"),
        form(f"{CERT}/handover/", {"item": "*", "enabled": "off", "reason": "矩阵测试"}),
    ],
    "units": [page("/staff/units/suggest", query={"q": "yhpcs"})],
    "sharing-ask": [
        page("/staff/sharing/new/"),
        form(
            "/staff/sharing/new/",
            {**SHARING_ASK, "fact": "640121-WJJ/birth-certificate"},
        ),
        api_post(
            "/sharing-checks", {**SHARING_ASK, "holder": "640121-WJJ", "fact": "birth-certificate"}
        ),
    ],
    "sharing-read": [
        page("/staff/sharing/", lists=("sharing",)),
        page("/staff/sharing/{pk}/", target="sharing"),
        api_get("/sharing-checks", lists=("sharing",)),
        api_get("/sharing-checks/{id}", target="sharing"),
    ],
    "sharing-answer": [
        page("/staff/sharing/{pk}/answer/", target="inbox"),
        form("/staff/sharing/{pk}/answer/", {"answer": "no"}, target="inbox"),
        api_post("/sharing-checks/{id}/answer", {"answer": "no"}, ok=200, target="inbox"),
    ],
    "sharing-avoided": [api_get("/sharing-checks/avoided")],
    "transparency": [
        page("/transparency/"),
        Probe("POST", "/transparency/", body={"name": "马小花", "id_number": FULL_ID}),
    ],
    "report": [
        page("/report"),
        Probe("POST", "/report", body=REPORT_FORM),
        api_post("/complaints", REPORT_JSON),
    ],
    "follow": [
        api_get("/complaints/{tracking_number}", fill=_followed, headers=_secret),
        api_post(
            "/complaints/{tracking_number}/messages",
            {"text": "矩阵测试补充情况"},
            fill=_followed,
            headers=_secret,
        ),
    ],
    "exposure": [
        page("/exposure/"),
        page("/exposure/feed.atom"),
        page("/exposure/notices.csv"),
        page("/exposure/notices.json"),
        page("/report/hotlines"),
        page("/open311/v2/services.json"),
        page("/open311/v2/requests.json"),
        api_get("/exposure-notices"),
    ],
    "complaints-read": [
        page("/staff/complaints/", lists=("complaint",)),
        page("/staff/complaints/{pk}/", target="complaint"),
        page("/staff/complaints/{pk}/evidence/{evidence_id}", target="complaint"),
        api_get("/complaints", lists=("complaint",)),
    ],
    "complaints-handle": [
        form("/staff/complaints/{pk}/transition", {"to": "accepted"}, target="complaint"),
        form(
            "/staff/complaints/{pk}/assign",
            lambda w, _: {"assignee": str(w.people["civil_affairs_admin"].pk)},
            target="complaint",
        ),
        api_post("/complaints/{id}/transition", {"to": "accepted"}, ok=200, target="complaint"),
    ],
    "complaints-publish": [
        form(
            "/staff/complaints/{pk}/publish",
            {"finding": "矩阵测试查实", "rectification": ""},
            target="verified",
        ),
    ],
    "refusal-ranking": [page("/staff/complaints/refusals/")],
    "refusal-case": [
        form(
            "/staff/complaints/refusals/",
            lambda w, _: {
                "county": "640121",
                "month": f"{timezone.localdate():%Y-%m}",
                "name_id": str(UnitName.objects.get(text=OWN_BANK).pk),
                "item_name": "健在证明",
            },
        )
    ],
    "commit-public": [
        page("/commitments/"),
        page("/commitments/{code}/", fill=lambda w: {"code": "GJ1-19"}),
        Probe(
            "POST",
            "/commitments/{code}/",
            body={**COMMIT_FORM, "department": "640121-SPJ"},
            ok=201,
            fill=lambda w: {"code": "GJ1-19"},
        ),
        page("/commitments/{code}/sample.pdf", fill=lambda w: {"code": "GJ1-19"}),
        page("/commitments/paper/{link}/", fill=_paper_link),
        page("/commitments/cases/"),
    ],
    "commit-counter": [
        page("/staff/commitments/new/"),
        form(
            "/staff/commitments/new/",
            {**COMMIT_FORM, "item": "GJ1-08", "applicant_confirmed": "on"},
        ),
        api_post("/commitments", COMMIT_JSON),
    ],
    "commitment-read": [
        page("/staff/commitments/", lists=("commitment",)),
        page("/staff/commitments/{serial}/", target="commitment"),
        api_get("/commitments/{serial}", target="commitment"),
    ],
    "commitment-handle": [
        page("/staff/commitments/{serial}/paper.pdf", target="commitment"),
        form("/staff/commitments/{serial}/withdraw/", {"reason": "矩阵撤回"}, target="commitment"),
        form("/staff/commitments/{serial}/decide/", {}, target="commitment"),
        api_get("/commitments/{serial}/pdf", target="commitment"),
        api_post("/commitments/{serial}/withdraw", {}, ok=200, target="commitment"),
        api_post("/commitments/{serial}/decision", {}, ok=200, target="commitment"),
    ],
    "postcheck-read": [
        page("/staff/commitments/checks/", lists=("postcheck",)),
        page("/staff/commitments/checks/{pk}/", target="postcheck"),
        page("/staff/commitments/checks/export.csv"),
        api_get("/post-checks", lists=("postcheck",)),
    ],
    "postcheck-work": [
        form(
            "/staff/commitments/checks/{pk}/result/",
            {"fulfilled": "yes", "basis": "矩阵", "how": "矩阵"},
            target="postcheck",
        ),
        form(
            "/staff/commitments/checks/{pk}/notify/", {"notice_method": "矩阵电话"}, target="untrue"
        ),
        form(
            "/staff/commitments/checks/{pk}/confirm/",
            {"upheld": "no", "answer": "矩阵申辩", "severity": "general"},
            target="notified",
        ),
        api_post("/post-checks/{id}/result", UNTRUE_JSON, ok=200, target="postcheck"),
        api_post(
            "/post-checks/{id}/notice", {"notice_method": "矩阵电话"}, ok=200, target="untrue"
        ),
        api_post(
            "/post-checks/{id}/confirmation",
            {"upheld": False, "answer": "矩阵申辩"},
            ok=200,
            target="notified",
        ),
    ],
    "credit-read": [
        page("/staff/commitments/credit/", lists=("credit",)),
        page("/staff/commitments/credit/{pk}/", target="credit"),
        page("/staff/commitments/credit/export", query={"format": "json"}, lists=("credit",)),
        api_get("/credit-records", lists=("credit",)),
        api_get("/credit-records/export", query={"format": "json"}, lists=("credit",)),
    ],
    "credit-keep": [
        form("/staff/commitments/credit/{pk}/publish/", {}, target="credit"),
        form(
            "/staff/commitments/credit/{pk}/correct/",
            {"reason": "矩阵更正", "end_date": "2030-12-31"},
            target="credit",
        ),
        form("/staff/commitments/credit/{pk}/repair/", {"basis": "矩阵修复"}, target="credit"),
        form(
            "/staff/commitments/credit/{pk}/objection/",
            {"reason": "矩阵异议", "decision": "rejected", "note": "矩阵"},
            target="credit",
        ),
        api_post("/credit-records/{id}/publish", {}, ok=200, target="credit"),
        api_post("/credit-records/{id}/repair", {"basis": "矩阵修复"}, ok=200, target="credit"),
        api_post(
            "/credit-records/{id}/objection",
            {"reason": "矩阵异议", "decision": "rejected", "note": "矩阵"},
            ok=200,
            target="credit",
        ),
    ],
    "second-factor": [
        page("/staff/account/second-factor/"),
        form("/staff/account/second-factor/", {"action": "start"}),
    ],
    "work-lists": [page("/work-items/"), api_get("/work-items", query={"county": "640121"})],
    "work-request": [
        page("/staff/workitems/requests/new/"),
        form(
            "/staff/workitems/requests/new/",
            lambda w, _: {**_work_terms(), "communities": ["640121100001"]},
        ),
        api_post(
            "/work-item-requests", lambda w, _: {**_work_terms(), "communities": ["640121100001"]}
        ),
    ],
    "work-request-read": [
        page("/staff/workitems/requests/", lists=("wirequest",)),
        page("/staff/workitems/requests/{pk}/", target="wirequest"),
    ],
    "work-decide": [
        form(
            "/staff/workitems/requests/{pk}/decide/",
            {"decision": "reject", "reason": "矩阵不同意"},
            target="wirequest",
        ),
        api_post(
            "/work-item-requests/{id}/decision",
            {"decision": "reject", "reason": "矩阵不同意"},
            ok=200,
            target="wirequest",
        ),
    ],
    "work-agreements": [
        page("/staff/workitems/agreements/", lists=("agreement",)),
        page("/staff/workitems/agreements/{number}/", target="agreement"),
        page("/staff/workitems/agreements/{number}/paper.pdf", target="agreement"),
        api_get("/service-agreements", lists=("agreement",)),
    ],
    "work-pay": [
        form(
            "/staff/workitems/agreements/{number}/payments/",
            lambda w, _: {"amount": "100", "paid_on": timezone.localdate().isoformat()},
            target="agreement",
        ),
    ],
    "work-community": [
        page("/staff/workitems/community/"),
        form(
            "/staff/workitems/pushes/new/",
            {"department": "640121-WJJ", "title": "矩阵问卷调查", "work_item": ""},
        ),
        api_post(
            "/work-pushes",
            lambda w, c: {"community": c.obj.code, "department": "640121-WJJ", "title": "矩阵问卷"},
            target="community",
        ),
    ],
    "work-pushes-read": [
        page("/staff/workitems/pushes/", lists=("push",)),
        api_get("/work-pushes", lists=("push",)),
    ],
    "work-ranking": [page("/staff/workitems/ranking/")],
    "work-settings": [
        page("/staff/workitems/settings/"),
        form("/staff/workitems/settings/", {"review_days": "10", "cosign_unit": ""}),
    ],
    "rate": [
        page("/rate"),
        Probe("POST", "/rate", body=_rating, ok=302),
        api_post("/ratings", _rating),
    ],
    "eval-followups": [
        page("/staff/evaluation/follow-ups/", lists=("followup",)),
        page("/staff/evaluation/ratings/", lists=("followup",)),
        page("/staff/evaluation/follow-ups/{pk}/", target="followup"),
    ],
    "eval-answer": [
        form(
            "/staff/evaluation/follow-ups/{pk}/contact/",
            {"contact_note": "矩阵电话联系"},
            target="followup",
        ),
        form(
            "/staff/evaluation/follow-ups/{pk}/answer/",
            {"contact_note": "矩阵电话联系", "rectification": "矩阵整改", "answer": "矩阵答复"},
            target="followup",
        ),
    ],
    "eval-read": [
        page("/staff/evaluation/schemes/"),
        page("/staff/evaluation/schemes/{pk}/", fill=_published),
        page("/staff/evaluation/schemes/{pk}/communities/{community}/", fill=_published),
        page("/staff/evaluation/schemes/{pk}/deductions/", fill=_published),
    ],
    "eval-public": [
        api_get(
            "/evaluations",
            query={"county": "640121", "period": str(timezone.localdate().year - 1)},
        ),
        api_get("/evaluations/{period}/{community}", fill=_published),
    ],
    "eval-manage": [
        page("/staff/evaluation/schemes/new/"),
        form(
            "/staff/evaluation/schemes/new/",
            {
                "period": "2030",
                "name": "2030年度矩阵考评",
                "start": "2030-01-01",
                "end": "2030-12-31",
                "star_thresholds": "90,80,70,60",
                "deduction_per_notice": "2",
                "deduction_cap": "10",
            },
        ),
        form(
            "/staff/evaluation/schemes/{pk}/indicators/",
            {
                "code": "matrix",
                "name": "矩阵满意度",
                "kind": "satisfaction",
                "source": "satisfied_share",
                "formula": "share",
                "weight": "5",
                "applies_to": "both",
            },
            fill=_draft,
        ),
        form("/staff/evaluation/schemes/{pk}/run/", {}, fill=_draft),
        form("/staff/evaluation/schemes/{pk}/publish/", {}, fill=_draft),
    ],
    "eval-settings": [
        page("/staff/evaluation/settings/"),
        form("/staff/evaluation/settings/", {"follow_up_days": "10"}),
    ],
    "signage-read": [
        page("/staff/signage/", lists=("venue",)),
        page("/staff/signage/venues/{pk}/", target="venue"),
        page("/staff/signage/photos/{pk}", target="sigphoto"),
        page("/staff/signage/communities/{community}/guide-board.pdf", target="venue"),
        page("/staff/signage/communities/{community}/handbook.pdf", target="venue"),
        page("/staff/signage/census.xlsx", lists=("venue",)),
        page("/staff/signage/census.pdf"),
        api_get("/plaques", lists=("venue",)),
        api_get("/wall-postings", lists=("venue",)),
        api_get("/awards", lists=("venue",)),
        api_get("/plaques/compliance", lists=("venue",)),
        api_get("/plaques/guide-board/{community}.pdf", target="venue"),
    ],
    "signage-record": [
        form("/staff/signage/venues/new/", {"name": "矩阵新场所"}),
        form("/staff/signage/venues/{pk}/plaques/", SIGNAGE_PLAQUE, target="venue"),
        form(
            "/staff/signage/venues/{pk}/postings/",
            {"title": "矩阵须知", "kind": "notice"},
            target="venue",
        ),
        form(
            "/staff/signage/venues/{pk}/awards/",
            {"title": "矩阵奖牌", "where": "honour_room"},
            target="venue",
        ),
        form("/staff/signage/venues/{pk}/rooms/", {"room_0": "101"}, target="venue"),
        form("/staff/signage/plaques/{pk}/removal/", {"note": "矩阵撤除"}, target="sigplaque"),
        form(
            "/staff/signage/tasks/{pk}/rectify/",
            lambda w, _: {"after_photo": _photo(), "note": "矩阵已摘除"},
            target="sigtask",
        ),
        api_post("/plaques", lambda w, t: {**SIGNAGE_PLAQUE, "venue": t.obj.pk}, target="venue"),
        api_post(
            "/wall-postings",
            lambda w, t: {"venue": t.obj.pk, "title": "矩阵须知", "kind": "notice"},
            target="venue",
        ),
        api_post(
            "/awards",
            lambda w, t: {"venue": t.obj.pk, "title": "矩阵奖牌", "where": "honour_room"},
            target="venue",
        ),
    ],
    "signage-sign-off": [
        form("/staff/signage/tasks/{pk}/sign-off/", {}, target="sigdone"),
    ],
    "signage-rules": [
        page("/staff/signage/rules/"),
        form("/staff/signage/rules/", _signage_rules),
    ],
    "merge-names": [
        page("/staff/units/names/"),
        form(
            "/staff/units/names/{pk}/merge",
            {"unit": "640121-YH"},
            # The own refusal's bank is a name nobody registered: kept, waiting to be merged.
            fill=lambda w: {"pk": UnitName.objects.get(text=OWN_BANK).pk},
        ),
    ],
}
PROBES.update(CAMPAIGN_PROBES)
