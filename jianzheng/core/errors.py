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
