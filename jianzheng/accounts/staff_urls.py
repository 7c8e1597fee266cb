from django.urls import path

from jianzheng.accounts import unit_views

app_name = "accounts_staff"

urlpatterns = [
    path("suggest", unit_views.suggest, name="unit-suggest"),
    path("names/", unit_views.unit_names, name="unit-names"),
    path("names/<int:pk>/merge", unit_views.merge, name="unit-merge"),
]
