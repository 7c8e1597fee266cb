from django.urls import path

from jianzheng.complaints import views

app_name = "complaints"

urlpatterns = [
    # The portal's /report page (once catalogue's list of hotlines) is the report form now.
    path("report", views.report, name="report"),
    path("report/track", views.track, name="track"),
    path("report/track/<str:number>", views.case, name="case"),
    path("report/track/<str:number>/join", views.join, name="join"),
    path("report/hotlines", views.hotlines, name="hotlines"),
    path("exposure/", views.notices, name="notices"),
    path("exposure/feed.atom", views.notices_feed, name="feed"),
    path("exposure/notices.csv", views.notices_csv, name="csv"),
    path("exposure/notices.json", views.notices_json, name="json"),
    path("open311/v2/services.json", views.open311_services, name="open311_services"),
    path("open311/v2/requests.json", views.open311_requests, name="open311_requests"),
]
