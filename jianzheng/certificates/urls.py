from django.urls import path

from jianzheng.certificates import views

app_name = "certificates"

urlpatterns = [
    path("items/<str:code>/sample.pdf", views.sample_pdf, name="sample"),
]
