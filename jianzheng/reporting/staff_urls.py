from django.urls import path

from jianzheng.reporting import staff_views

app_name = "reporting_staff"

urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("panels/<str:key>.xlsx", staff_views.panel_xlsx, name="panel_xlsx"),
    path("census/", staff_views.census, name="census"),
    path("census/issued.<str:fmt>", staff_views.census_issued, name="census_issued"),
    path("census/legal-bases.<str:fmt>", staff_views.census_legal_bases, name="census_legal_bases"),
]
