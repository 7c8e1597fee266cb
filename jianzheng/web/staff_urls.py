from django.urls import path

from jianzheng.web import views

urlpatterns = [
    path("", views.dashboard, name="staff-home"),
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
]
