from django.urls import path

from jianzheng.commitments import staff_views

app_name = "commitments_staff"

urlpatterns = [
    path("", staff_views.commitment_list, name="list"),
    path("new/", staff_views.commitment_new, name="new"),
    path("checks/", staff_views.check_list, name="checks"),
    path("checks/export.csv", staff_views.checks_export, name="checks_export"),
    path("checks/<int:pk>/", staff_views.check_detail, name="check"),
    path("checks/<int:pk>/result/", staff_views.check_result, name="check_result"),
    path("checks/<int:pk>/notify/", staff_views.check_notify, name="check_notify"),
    path("checks/<int:pk>/confirm/", staff_views.check_confirm, name="check_confirm"),
    path("credit/", staff_views.credit_list, name="credit"),
    path("credit/export", staff_views.credit_export, name="credit_export"),
    path("credit/<int:pk>/", staff_views.credit_detail, name="credit_detail"),
    path("credit/<int:pk>/publish/", staff_views.credit_publish, name="credit_publish"),
    path("credit/<int:pk>/correct/", staff_views.credit_correct, name="credit_correct"),
    path("credit/<int:pk>/repair/", staff_views.credit_repair, name="credit_repair"),
    path("credit/<int:pk>/objection/", staff_views.credit_objection, name="credit_objection"),
    path("<str:serial>/", staff_views.commitment_detail, name="detail"),
    path("<str:serial>/paper.pdf", staff_views.commitment_paper, name="paper"),
    path("<str:serial>/withdraw/", staff_views.commitment_withdraw, name="withdraw"),
    path("<str:serial>/decide/", staff_views.commitment_decide, name="decide"),
]
