from django.apps import AppConfig

from jianzheng.core.registry import register_menu, register_reference_data


class AccountsConfig(AppConfig):
    name = "jianzheng.accounts"
    label = "accounts"
    verbose_name = "账号与权限"

    def ready(self):
        from jianzheng.accounts import menu

        register_reference_data(
            "accounts", order=40, title="演示账号", load=load_demo_users, demo_only=True
        )
        register_menu("accounts", order=90, links=menu.staff_links)


def load_demo_users(*, demo: bool) -> str:
    from jianzheng.accounts.demo import DEMO_LOGINS, create_demo_users

    created = create_demo_users(actor=None)
    return f"新建 {len(created)} 个，已有 {len(DEMO_LOGINS) - len(created)} 个"
