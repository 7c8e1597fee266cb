from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "jianzheng.documents"
    label = "documents"
    verbose_name = "签名文书与核验"

    def ready(self):
        from jianzheng.core.throttle import register_budget

        # Every check writes a VerificationLog row; the QR code's upper-case /V/ is the same page.
        register_budget("verify-page", prefix="/v/", limit=120, period=60)
        register_budget("verify-page-qr", prefix="/V/", limit=120, period=60)
        register_budget("verify-api", method="POST", prefix="/api/v1/verify", limit=600, period=60)
