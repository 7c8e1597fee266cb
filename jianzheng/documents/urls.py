from django.urls import path

from jianzheng.documents import views

urlpatterns = [
    # The QR code carries the upper-case form (alphanumeric QR mode); people type the lower.
    path("V/<str:token>", views.verify_page, name="verify-qr"),
    path("v/<str:token>", views.verify_page, name="verify"),
    # For a photocopy and no scanner: the serial and the check code printed beside it.
    path("verify/", views.verify_serial_page, name="verify-serial"),
    path(".well-known/jianzheng/keys.json", views.keys_json, name="public-keys"),
    path(".well-known/jianzheng/revoked.json", views.revoked_json, name="revocation-list"),
    path(
        ".well-known/jianzheng/audit-checkpoints.json",
        views.audit_checkpoints_json,
        name="audit-checkpoints",
    ),
]
