from django.urls import path

from backcare.plans import session_views, views

app_name = "plans"

urlpatterns = [
    path("plan/", views.show_plan, name="plan"),
    path("plan/print/", views.print_plan, name="print"),
    path("plan/changes/<int:pk>/undo/", views.undo_change, name="undo_change"),
    path("plan/progress/", views.progress_now, name="progress"),
    path("plan/preferences/", views.edit_preferences, name="preferences"),
    path("plan/swap/<slug:slug>/", views.swap_exercise, name="swap"),
    path("plan/what-about/", views.what_about, name="what_about"),
    path("plan/session/", session_views.start, name="session"),
    path("plan/session/<int:pk>/<int:position>/", session_views.step, name="session_step"),
    path("plan/session/<int:pk>/finish/", session_views.finish, name="session_finish"),
    path("plan/session/<int:pk>/done/", session_views.done, name="session_done"),
    path("toolbox/", views.show_toolbox, name="toolbox"),
    path("toolbox/<slug:slug>/pin", views.pin, name="pin"),
    path("toolbox/<slug:slug>/unpin", views.unpin, name="unpin"),
    path("exercises/", views.list_exercises, name="exercises"),
    path("exercises/<slug:slug>/", views.show_exercise, name="exercise"),
    path("exercises/<slug:slug>/picture.svg", views.exercise_picture, name="picture"),
    path("learn/", views.learn, name="learn"),
    path("learn/<slug:slug>/", views.show_article, name="article"),
]
