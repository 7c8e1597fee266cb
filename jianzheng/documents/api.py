"""POST /api/v1/verify: the same verification as the public page, for other systems."""

from datetime import date, datetime

from ninja import Router, Schema
from pydantic import BaseModel, Field

from jianzheng.accounts.api_auth import optional_bearer
from jianzheng.core.errors import RuleViolation
from jianzheng.core.schemas import CodeNameRef, HolderOut, any_of_filled, errors
from jianzheng.documents import kinds, services
from jianzheng.documents.models import VerificationLog
from jianzheng.documents.services import verify_serial, verify_token

router = Router(tags=["verification"])


class VerifyIn(Schema):
    # The handler's rule, stated as `anyOf`: a token (any string: a wrong one answers 200
    # "invalid"), else a serial and its check code, both filled. Neither: 422 naming the field.
    model_config = {
        "json_schema_extra": {
            "anyOf": [
                {"required": ["token"], "properties": {"token": {"type": "string"}}},
                any_of_filled(("serial", "check_code"))["anyOf"][0],
            ]
        }
    }

    token: str | None = Field(None, description="二维码中的核验码；给出时不看 serial 和 check_code")
    serial: str | None = Field(
        None,
        max_length=services.MAX_SERIAL,
        description="证明编号（没有 token 时，与 check_code 一起）",
    )
    check_code: str | None = Field(
        None,
        max_length=services.MAX_CHECK_CODE,
        description="证明上与编号一同印出的10位校验码，如 ABCDE-FGHJK（大小写、空格、短横线均可）",
    )
    purpose: str = Field("", max_length=services.MAX_VERIFY_PURPOSE, description="核验用途")
    holder_name: str | None = Field(
        None, max_length=services.MAX_HOLDER_NAME, description="持证人姓名（与证件号码一起核对）"
    )
    holder_id_number: str | None = Field(
        None, max_length=services.MAX_HOLDER_ID_NUMBER, description="持证人证件号码"
    )


# The answer's schemas are plain pydantic models, not ninja Schemas: the handler builds a dict,
# so ninja's getter (ORM attributes, resolvers) has nothing to do, and validating through it
# cost ≈ 120 µs of a verification's ≈ 1 ms (docs/performance.md). The OpenAPI is the same.
class VerifiedFactOut(BaseModel):
    """One row of what the paper must say, as the public page shows it."""

    label: str
    value: str


class VerifyOut(BaseModel):
    status: str
    reason: str
    message: str
    serial: str | None = None
    kind: str | None = None
    issuer: CodeNameRef | None = None
    subject_code: str | None = None
    issued_on: date | None = None
    valid_until: date | None = None
    revoked_at: datetime | None = None
    revoke_category: str | None = Field(
        None, description="wrong_information | duplicate | holder_request | other"
    )
    revoke_category_label: str | None = Field(
        None, description="信息有误、重复出具、当事人申请、其他"
    )
    revoke_reason: str | None = Field(
        None,
        description="revoke_category_label 的旧名，将停用（出具单位填写的撤销原因不公开）",
        deprecated=True,
    )
    holder: HolderOut | None = None
    holder_match: bool | None = None
    facts: list[VerifiedFactOut] = Field(
        default_factory=list,
        description="文书应载明的内容（持有人姓名、证件号码已遮盖），供与纸面逐项核对",
    )


@router.post(
    "/verify",
    response={200: VerifyOut, **errors(401, 413, 415, 422, 429)},
    auth=optional_bearer,
    summary="核验文书核验码",
)
def verify(request, payload: VerifyIn):
    """`{"token": …}` (the QR code) or `{"serial": …, "check_code": …}` (a photocopy): 200 for
    every well-formed request, status valid | revoked | invalid, with a reason; a wrong check
    code and an unknown serial answer alike (`wrong_check_code`). A department calling with its
    bearer token gets its unit recorded in the verification log; a browser's staff session is
    not (a page of another site can make a browser POST here with its cookies but never with a
    token), and the body must be JSON, which such a page cannot send without CORS (issue 16)."""
    if request.content_type != "application/json":
        raise RuleViolation(
            "unsupported_media_type",
            "请求体须为 JSON（Content-Type: application/json）",
            status=415,
        )
    user = request.auth if request.auth is not True else None
    asked = dict(
        verifier=user,
        purpose=payload.purpose,
        holder_name=payload.holder_name,
        holder_id=payload.holder_id_number,
    )
    if payload.token is not None:
        result = verify_token(payload.token, channel=VerificationLog.Channel.API, **asked)
    elif payload.serial is not None or payload.check_code is not None:
        result = verify_serial(
            payload.serial or "",
            payload.check_code or "",
            channel=VerificationLog.Channel.SERIAL_API,
            **asked,
        )
    else:
        raise RuleViolation(
            "invalid_request",
            "请提供核验码 token，或证明编号 serial 和校验码 check_code",
            fields={"token": "请填写 token，或改填 serial 和 check_code"},
        )
    body = {
        "status": result.status,
        "reason": result.reason,
        "message": result.message,
        "holder_match": result.holder_match,
    }
    document, claims = result.document, result.claims
    if document is not None:
        body.update(
            serial=document.serial,
            kind=document.kind,
            issuer={"code": document.issuer.code, "name": document.issuer.name},
            subject_code=document.subject_code,
            issued_on=document.issued_on,
            valid_until=document.valid_until,
            revoked_at=document.revoked_at,
            revoke_category=document.revoke_category or None,
            revoke_category_label=document.get_revoke_category_display() or None,
            # Never the clerk's free text: it may speak of the holder.
            revoke_reason=document.get_revoke_category_display() or None,
            # The registry holds only the masked forms: a verifier never sees more.
            holder={
                "name": document.holder_name_masked,
                "id_number": document.holder_id_masked,
                "id_masked": True,
            },
            facts=[{"label": label, "value": value} for label, value in kinds.describe(document)],
        )
    elif claims is not None:  # signed by us but not (or differently) registered
        body.update(serial=claims.serial, kind=claims.kind, subject_code=claims.subject_code)
    # Validated here (pydantic's own validator): ninja then only dumps it.
    return VerifyOut.model_validate(body)
