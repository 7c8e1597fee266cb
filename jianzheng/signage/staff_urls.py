from django.urls import path

from jianzheng.signage import staff_views

app_name = "signage_staff"

urlpatterns = [
    path("", staff_views.overview, name="overview"),
    path("venues/new/", staff_views.venue_new, name="venue_new"),
    path("venues/<int:pk>/", staff_views.venue_detail, name="venue"),
    path("venues/<int:pk>/plaques/", staff_views.plaque_new, name="plaque_new"),
    path("venues/<int:pk>/postings/", staff_views.posting_new, name="posting_new"),
    path("venues/<int:pk>/awards/", staff_views.award_new, name="award_new"),
    path("venues/<int:pk>/rooms/", staff_views.venue_rooms, name="rooms"),
    path("plaques/<int:pk>/removal/", staff_views.plaque_removal, name="plaque_removal"),
    path("tasks/<int:pk>/rectify/", staff_views.task_rectify, name="rectify"),
    path("tasks/<int:pk>/sign-off/", staff_views.task_sign_off, name="sign_off"),
    path("photos/<int:pk>", staff_views.photo, name="photo"),
    path(
        "communities/<str:community>/guide-board.pdf", staff_views.guide_board, name="guide_board"
    ),
    path("communities/<str:community>/handbook.pdf", staff_views.handbook, name="handbook"),
    path("census.xlsx", staff_views.census_xlsx, name="census_xlsx"),
    path("census.pdf", staff_views.census_pdf, name="census_pdf"),
    path("rules/", staff_views.rule_set, name="rules"),
]
