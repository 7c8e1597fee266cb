from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "jianzheng.certificates"
    label = "certificates"
    verbose_name = "出具证明"
