from django.urls import path

from backcare.plans import views

app_name = "plans"

urlpatterns = [
    path("plan/", views.show_plan, name="plan"),
    path("plan/print/", views.print_plan, name="print"),
    path("plan/progress/", views.progress_now, name="progress"),
    path("plan/preferences/", views.edit_preferences, name="preferences"),
    path("toolbox/", views.show_toolbox, name="toolbox"),
    path("toolbox/<slug:slug>/pin", views.pin, name="pin"),
    path("toolbox/<slug:slug>/unpin", views.unpin, name="unpin"),
    path("exercises/", views.list_exercises, name="exercises"),
    path("exercises/<slug:slug>/", views.show_exercise, name="exercise"),
    path("learn/", views.learn, name="learn"),
    path("learn/<slug:slug>/", views.show_article, name="article"),
]
