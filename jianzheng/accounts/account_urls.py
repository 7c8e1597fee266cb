from django.urls import path

from jianzheng.accounts import second_factor_views

app_name = "accounts_own"

urlpatterns = [
    path("second-factor/", second_factor_views.second_factor_page, name="second-factor"),
]
