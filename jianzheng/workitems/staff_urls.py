from django.urls import path

from jianzheng.workitems import staff_views

app_name = "workitems_staff"

urlpatterns = [
    path("requests/", staff_views.request_list, name="requests"),
    path("requests/new/", staff_views.request_new, name="request_new"),
    path("requests/<int:pk>/", staff_views.request_detail, name="request"),
    path("requests/<int:pk>/decide/", staff_views.request_decide, name="request_decide"),
    path("agreements/", staff_views.agreement_list, name="agreements"),
    path("agreements/<str:number>/", staff_views.agreement_detail, name="agreement"),
    path("agreements/<str:number>/paper.pdf", staff_views.agreement_paper, name="agreement_paper"),
    path("agreements/<str:number>/payments/", staff_views.agreement_pay, name="agreement_pay"),
    path("community/", staff_views.community, name="community"),
    path("pushes/", staff_views.push_list, name="pushes"),
    path("pushes/new/", staff_views.push_new, name="push_new"),
    path("ranking/", staff_views.ranking, name="ranking"),
    path("settings/", staff_views.county_settings, name="settings"),
]
