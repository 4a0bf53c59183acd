from datetime import date

from django.urls import path, register_converter

from backcare.diary import views
from backcare.diary.checkins import MOMENTS

app_name = "diary"


class IsoDateConverter:
    """YYYY-MM-DD in the path; an impossible date (2025-02-30) is a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)  # ValueError: Django treats the URL as not matching

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else value


class MomentConverter:
    regex = "|".join(MOMENTS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(IsoDateConverter, "diary_day")
register_converter(MomentConverter, "diary_moment")

urlpatterns = [
    path("diary/", views.today, name="today"),
    path("diary/history/", views.history, name="history"),
    path("diary/entry/<int:pk>/", views.edit_entry, name="edit_entry"),
    path("diary/entry/<int:pk>/delete/", views.delete_entry, name="delete_entry"),
    path("diary/entry/<int:pk>/saved/", views.saved, name="saved"),
    path("diary/<diary_day:day>/<diary_moment:moment>/", views.edit, name="edit"),
    path("diary/<diary_day:day>/<diary_moment:moment>/delete/", views.delete, name="delete"),
    path("episodes/", views.episodes, name="episodes"),
    path("episodes/start", views.episode_start, name="episode_start"),
    path("episodes/<int:pk>/end", views.episode_end, name="episode_end"),
    path("episodes/<int:pk>/undo", views.episode_undo, name="episode_undo"),
]
