from django.urls import path

from jianzheng.documents import views

urlpatterns = [
    # The QR code carries the upper-case form (alphanumeric QR mode); people type the lower.
    path("V/<str:token>", views.verify_page, name="verify-qr"),
    path("v/<str:token>", views.verify_page, name="verify"),
    path(".well-known/jianzheng/keys.json", views.keys_json, name="public-keys"),
    path(".well-known/jianzheng/revoked.json", views.revoked_json, name="revocation-list"),
]
