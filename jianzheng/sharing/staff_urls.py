from django.urls import path

from jianzheng.sharing import staff_views

app_name = "sharing_staff"

urlpatterns = [
    path("", staff_views.check_list, name="list"),
    path("new/", staff_views.check_new, name="new"),
    path("<int:pk>/", staff_views.check_detail, name="detail"),
    path("<int:pk>/answer/", staff_views.check_answer, name="answer"),
]
