"""How a broken rule reaches an HTML form: one way for every area.

Services raise `RuleViolation` with `fields` keyed by the service's names ("facts.since",
"legal_bases.0.level"); a form places each message beside its input (or above the form) and the
view answers `REJECTED`."""

from django import forms

from jianzheng.core import phones
from jianzheng.core.errors import RuleViolation


class NoEchoInput(forms.TextInput):
    """An ID number typed into a public page is never sent back, not even into its own input
    after an error (issue 16: the verification and transparency pages)."""

    def format_value(self, value):
        return None


def phone_input(**attrs) -> forms.TextInput:
    """A phone number's input: the phone keypad, and the browser checks core.phones' pattern
    before sending (the service checks it again with the same pattern and names the field)."""
    return forms.TextInput(
        attrs={
            "type": "tel",
            "inputmode": "tel",
            "autocomplete": "tel",
            "pattern": phones.PHONE_PATTERN,
            "title": "联系电话" + phones.INVALID,
            **attrs,
        }
    )


# The status of a page sent back because what was submitted broke a rule (the API's 422, too).
REJECTED = 422


def _chinese_defaults(field: forms.Field) -> None:
    """Django's own zh-hans texts ("选择一个有效的选项。 maybe 不在可用的选项中。", "这个字段是必填项。")
    have stray spaces and echo the input; a field's own messages are left alone."""
    django: dict[str, object] = {}
    for cls in reversed(type(field).__mro__):
        django.update(getattr(cls, "default_error_messages", {}))
    choice = isinstance(field, forms.ChoiceField)
    ours = {
        "required": f"请{'选择' if choice else '填写'}{field.label or '此项'}",
        "invalid_choice": "请从列出的选项中选择",
        "invalid_list": "请从列出的选项中选择",
    }
    for key, message in ours.items():
        if key in django and field.error_messages.get(key) is django[key]:
            field.error_messages[key] = message


class RuleForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _chinese_defaults(field)

    def place(self, key: str, message: str) -> tuple[str | None, str]:
        """(input, message) for a service error key; the input is None for the summary above."""
        head = key.split(".", 1)[0]
        return (head if head in self.fields else None), message

    def add_rule_errors(self, exc: RuleViolation) -> None:
        if not exc.fields:
            self.add_error(None, exc.message)
        for key, message in exc.fields.items():
            field, message = self.place(key, message)
            self.add_error(field, message)

    def first_errors(self) -> dict[str, str]:
        """{input: its first message}, the summary's under "": for pages that lay inputs out
        by hand rather than through the form's fields."""
        return {("" if k == "__all__" else k): str(v[0]) for k, v in self.errors.items()}
