from django.urls import path

from jianzheng.workitems import views

app_name = "workitems"

urlpatterns = [
    path("work-items/", views.lists, name="lists"),
]
