from django.urls import path

from jianzheng.commitments import views

app_name = "commitments"

urlpatterns = [
    path("commitments/", views.item_list, name="items"),
    path("commitments/cases/", views.cases, name="cases"),
    path("commitments/paper/<str:link>/", views.paper, name="paper"),
    path("commitments/<str:code>/", views.commit, name="commit"),
    path("commitments/<str:code>/sample.pdf", views.sample, name="sample"),
]
