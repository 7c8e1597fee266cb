from django.urls import path

from jianzheng.evaluation import staff_views

app_name = "evaluation_staff"

urlpatterns = [
    path("ratings/", staff_views.rating_list, name="ratings"),
    path("follow-ups/", staff_views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/", staff_views.follow_up_detail, name="follow_up"),
    path("follow-ups/<int:pk>/contact/", staff_views.follow_up_contact, name="follow_up_contact"),
    path("follow-ups/<int:pk>/answer/", staff_views.follow_up_answer, name="follow_up_answer"),
    path("settings/", staff_views.county_settings, name="settings"),
    path("schemes/", staff_views.scheme_list, name="schemes"),
    path("schemes/new/", staff_views.scheme_new, name="scheme_new"),
    path("schemes/<int:pk>/", staff_views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/indicators/", staff_views.indicator_add, name="indicator_add"),
    path("schemes/<int:pk>/run/", staff_views.scheme_run, name="scheme_run"),
    path("schemes/<int:pk>/publish/", staff_views.scheme_publish, name="scheme_publish"),
    path(
        "schemes/<int:pk>/communities/<str:community>/",
        staff_views.result_detail,
        name="result",
    ),
    path("schemes/<int:pk>/deductions/", staff_views.deduction_list, name="deductions"),
]
