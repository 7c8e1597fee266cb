from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "jianzheng.documents"
    label = "documents"
    verbose_name = "签名文书与核验"
