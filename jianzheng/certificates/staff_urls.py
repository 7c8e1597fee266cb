from django.urls import path

from jianzheng.certificates import staff_views as views

app_name = "certificates_staff"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("export.xlsx", views.export_ledger, name="export"),
    path("issue/", views.issue_start, name="issue"),
    path("issue/refuse/", views.issue_refuse, name="issue-refuse"),
    path("issue/<str:code>/", views.issue_form, name="issue-item"),
    path("issue/<str:code>/handover/", views.handover_form, name="issue-handover"),
    path("refusals/", views.refusals, name="refusals"),
    path("refusals/new/", views.refusal_new, name="refusal-new"),
    path("refusals/<int:pk>/", views.refusal_detail, name="refusal"),
    path("handover/", views.handover_switches, name="handover"),
    path("<str:serial>/", views.detail, name="detail"),
    path("<str:serial>/pdf", views.pdf, name="pdf"),
    path("<str:serial>/revoke", views.revoke, name="revoke"),
]
