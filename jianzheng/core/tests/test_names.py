import pytest

from jianzheng.core.errors import RuleViolation
from jianzheng.core.names import check_name


@pytest.mark.parametrize(
    "text",
    ["宠物健康证明", "居（租）住证明", "《无犯罪记录证明》", "CT检查证明", "示例企业·某银行"],
)
def test_a_chinese_name_with_ordinary_punctuation_passes(text):
    assert check_name(text, field="item", label="证明名称") == text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("😀😀😀", "证明名称含有不能用于名称的符号（如“😀”）"),
        ("★证明", "证明名称含有不能用于名称的符号（如“★”）"),
        ("asdfgh", "证明名称应为中文名称，至少2个汉字"),
        ("x", "证明名称应为中文名称，至少2个汉字"),
        ("证", "证明名称应为中文名称，至少2个汉字"),
        ("12345", "证明名称应为中文名称，至少2个汉字"),
    ],
)
def test_emoji_symbols_and_keyboard_mashes_are_refused_naming_the_field(text, says):
    with pytest.raises(RuleViolation) as refused:
        check_name(text, field="item", label="证明名称")
    assert refused.value.fields == {"item": refused.value.message}
    assert refused.value.message.startswith(says)
