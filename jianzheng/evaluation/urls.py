from django.urls import path

from jianzheng.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("rate", views.rate, name="rate"),
    path("rate/<str:number>", views.rated, name="rated"),
]
