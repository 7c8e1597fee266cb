"""The one exception type for a broken business rule.

HTML views show it next to the named field; the API turns it into
`{"error": {"code", "message", "fields"}}` with a 4xx status (see jianzheng.api.errors)."""


class RuleViolation(Exception):
    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        fields: dict[str, str] | None = None,
        status: int = 422,
        details: dict | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = dict(fields or {})
        if field:
            self.fields.setdefault(field, message)
        self.status = status
        # Extra facts a caller can act on, e.g. the alternatives to a refused proof.
        self.details = details or {}

    def as_dict(self) -> dict:
        error = {"code": self.code, "message": self.message, "fields": self.fields}
        if self.details:
            error["details"] = self.details
        return {"error": error}


class FieldErrors:
    """Every problem of one request at once, so a form shows them all beside their fields:

    errors = FieldErrors()
    purpose = errors.collect(clean_text, raw, field="purpose", label="用途")
    errors.raise_if_any("invalid_request", "请求内容有误")
    """

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def collect(self, check, *args, default=None, **kwargs):
        """`check(*args, **kwargs)`, or `default` with its field errors kept."""
        try:
            return check(*args, **kwargs)
        except RuleViolation as exc:
            self.fields.update(exc.fields or {"": exc.message})
            return default

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, message)

    def __contains__(self, field: str) -> bool:
        return field in self.fields

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self, code: str, message: str) -> None:
        if self.fields:
            raise RuleViolation(code, message, fields=self.fields)
