from django.urls import path

from jianzheng.campaign import staff_views

app_name = "campaign_staff"

urlpatterns = [
    path("", staff_views.campaign_list, name="list"),
    path("<int:pk>/", staff_views.campaign_detail, name="detail"),
    path("<int:pk>/copy/", staff_views.campaign_copy, name="copy"),
    path("tasks/<int:pk>/", staff_views.task_detail, name="task"),
    path("evidence/<int:pk>", staff_views.evidence, name="evidence"),
    path("findings/", staff_views.findings, name="findings"),
]
