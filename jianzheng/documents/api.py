"""POST /api/v1/verify: the same verification as the public page, for other systems."""

from datetime import date, datetime

from ninja import Router, Schema

from jianzheng.accounts.api_auth import optional_bearer
from jianzheng.core.schemas import CodeNameRef, HolderOut, errors
from jianzheng.documents.models import VerificationLog
from jianzheng.documents.services import verify_token

router = Router(tags=["verification"])


class VerifyIn(Schema):
    token: str
    purpose: str = ""
    holder_name: str | None = None
    holder_id_number: str | None = None


class VerifyOut(Schema):
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
    revoke_reason: str | None = None
    holder: HolderOut | None = None
    holder_match: bool | None = None


@router.post(
    "/verify",
    response={200: VerifyOut, **errors(401, 413, 422, 429)},
    auth=optional_bearer,
    summary="核验文书核验码",
)
def verify(request, payload: VerifyIn):
    """200 for every well-formed request: status valid | revoked | invalid, with a reason.
    A department calling with its bearer token gets its unit recorded in the verification log."""
    user = request.user if request.user.is_authenticated else None
    result = verify_token(
        payload.token,
        verifier=user,
        purpose=payload.purpose,
        holder_name=payload.holder_name,
        holder_id=payload.holder_id_number,
        channel=VerificationLog.Channel.API,
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
            revoke_reason=document.revoke_reason or None,
            # The registry holds only the masked forms: a verifier never sees more.
            holder={
                "name": document.holder_name_masked,
                "id_number": document.holder_id_masked,
                "id_masked": True,
            },
        )
    elif claims is not None:  # signed by us but not (or differently) registered
        body.update(serial=claims.serial, kind=claims.kind, subject_code=claims.subject_code)
    return body
