from django.urls import path

from jianzheng.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("items/<str:code>", views.item_detail, name="item"),
    path("list", views.item_list, name="list"),
    path("history", views.history, name="history"),
    path("history/<int:number>", views.version_detail, name="version"),
    path("policy", views.policy, name="policy"),
]
