from django.urls import path

from jianzheng.sharing import views

app_name = "sharing"

urlpatterns = [
    path("transparency/", views.transparency, name="transparency"),
]
