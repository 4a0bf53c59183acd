from django.urls import path

from backcare.messaging import views

app_name = "messaging"

urlpatterns = [
    path("care/messages/", views.inbox, name="inbox"),
    path("care/messages/<int:link_id>/", views.conversation, name="conversation"),
    path("clinician/messages/", views.clinician_inbox, name="clinician_inbox"),
    path(
        "clinician/patients/<int:patient_id>/messages/",
        views.clinician_conversation,
        name="clinician_conversation",
    ),
    path(
        "clinician/patients/<int:patient_id>/messages/<int:message_id>/handled/",
        views.mark_handled,
        name="mark_handled",
    ),
]
