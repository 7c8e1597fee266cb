"""`jianzheng serve`: collect static files, then replace this process with gunicorn."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from jianzheng.core import pii
from jianzheng.operations.serving import DEFAULT_HOST, DEFAULT_PORT, gunicorn_argv


class Command(BaseCommand):
    help = "启动网站与接口服务（gunicorn）。先收集静态文件到数据目录。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=DEFAULT_HOST, help=f"监听地址（默认 {DEFAULT_HOST}）")
        parser.add_argument(
            "--port", type=int, default=DEFAULT_PORT, help=f"端口（默认 {DEFAULT_PORT}）"
        )
        parser.add_argument("--workers", type=int, default=2, help="工作进程数（默认 2）")

    def handle(self, *args, host: str, port: int, workers: int, **options):
        if not 0 < port < 65536:
            raise CommandError(f"端口应在 1–65535 之间：{port}(--port)")
        if workers < 1:
            raise CommandError(f"工作进程数至少为 1:{workers}(--workers)")
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        trouble = pii.problems()
        if trouble:
            # Without its key the server could only answer 500 to every page with personal data.
            raise CommandError("无法读写个人信息，服务不启动：" + "；".join(trouble))
        call_command("collectstatic", interactive=False, verbosity=0)
        if host not in settings.ALLOWED_HOSTS and host not in {"0.0.0.0", "::"}:
            self.stderr.write(
                self.style.WARNING(
                    f"注意：{host} 不在 JIANZHENG_ALLOWED_HOSTS 中，按此地址访问会得到 400"
                )
            )
        shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
        self.stdout.write(self.style.SUCCESS(f"减证 jianzheng 正在启动：http://{shown}:{port}/"))
        self.stdout.write(
            f"工作人员登录 http://{shown}:{port}{settings.LOGIN_URL}  （Ctrl+C 停止）"
        )
        self.stdout.flush()
        if not os.environ.get("JIANZHENG_PUBLIC_URL"):
            # Certificates' QR codes point at PUBLIC_URL: without one, at this very server.
            os.environ["JIANZHENG_PUBLIC_URL"] = f"http://{shown}:{port}"
        elif not os.environ["JIANZHENG_PUBLIC_URL"].rstrip("/").endswith(f":{port}"):
            self.stdout.write(
                f"证书二维码指向 JIANZHENG_PUBLIC_URL={os.environ['JIANZHENG_PUBLIC_URL']}"
            )
        # The sub-process must find the same data folder even when it was given as a relative path.
        os.environ["JIANZHENG_DATA_DIR"] = str(settings.DATA_DIR)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianzheng.settings")
        argv = gunicorn_argv(host=host, port=port, workers=workers)
        os.execv(argv[0], argv)
