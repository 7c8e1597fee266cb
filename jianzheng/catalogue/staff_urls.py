from django.urls import path

from jianzheng.catalogue import staff_views as views

app_name = "catalogue_staff"

urlpatterns = [
    path("", views.items, name="items"),
    path("items/<str:code>/", views.item_detail, name="item"),
    path("new/", views.propose, {"kind": "add"}, name="propose-add"),
    path("items/<str:code>/change/", views.propose, {"kind": "change"}, name="propose-change"),
    path("items/<str:code>/remove/", views.propose, {"kind": "remove"}, name="propose-remove"),
    path("changes/", views.changes, name="changes"),
    path("changes/<int:pk>/", views.change_detail, name="change"),
    path("changes/<int:pk>/review/", views.review, name="review"),
    path("changes/<int:pk>/decide/", views.decide, name="decide"),
    path("publish/", views.publish, name="publish"),
]
