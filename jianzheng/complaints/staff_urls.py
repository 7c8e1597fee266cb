from django.urls import path

from jianzheng.complaints import staff_views

app_name = "complaints_staff"

urlpatterns = [
    path("", staff_views.complaint_list, name="list"),
    path("refusals/", staff_views.refusals, name="refusals"),
    path("<int:pk>/", staff_views.complaint_detail, name="detail"),
    path("<int:pk>/transition", staff_views.complaint_transition, name="transition"),
    path("<int:pk>/assign", staff_views.complaint_assign, name="assign"),
    path("<int:pk>/publish", staff_views.complaint_publish, name="publish"),
    path("<int:pk>/evidence/<int:evidence_id>", staff_views.evidence_file, name="evidence"),
]
