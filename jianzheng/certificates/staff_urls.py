from django.urls import path

from jianzheng.certificates.staff import handover, issuing, ledger, refusals

app_name = "certificates_staff"

urlpatterns = [
    path("", ledger.ledger, name="ledger"),
    path("export.xlsx", ledger.export_ledger, name="export"),
    path("issue/", issuing.issue_start, name="issue"),
    path("issue/refuse/", issuing.issue_refuse, name="issue-refuse"),
    path("issue/<str:code>/", issuing.issue_form, name="issue-item"),
    path("issue/<str:code>/handover/", issuing.handover_form, name="issue-handover"),
    path("refusals/", refusals.refusals, name="refusals"),
    path("refusals/new/", refusals.refusal_new, name="refusal-new"),
    path("refusals/<int:pk>/", refusals.refusal_detail, name="refusal"),
    path("handover/", handover.handover_switches, name="handover"),
    path("<str:serial>/", ledger.detail, name="detail"),
    path("<str:serial>/pdf", ledger.pdf, name="pdf"),
    path("<str:serial>/revoke", ledger.revoke, name="revoke"),
]
