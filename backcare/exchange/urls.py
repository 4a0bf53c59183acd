from django.urls import path

from backcare.exchange import views

app_name = "exchange"

urlpatterns = [
    path("report/", views.report_page, name="report"),
    path("report/pdf/", views.report_pdf_download, name="report_pdf"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export.json", views.export_json_download, name="export_json"),
    path("my-data/export-csv.zip", views.export_csv_download, name="export_csv"),
    path("my-data/fhir.json", views.export_fhir_download, name="export_fhir"),
    path("my-data/delete/", views.delete_data, name="delete_data"),
    path("my-data/restore/", views.restore_data, name="restore_data"),
    path("my-data/restore/confirm/", views.restore_confirm, name="restore_confirm"),
    path("my-data/restore/cancel/", views.restore_cancel, name="restore_cancel"),
    path("my-data/share/", views.share_create, name="share_create"),
    path("my-data/share/<int:pk>/revoke/", views.share_revoke, name="share_revoke"),
    path("shared/<str:token>/", views.shared_report, name="shared_report"),
    path("shared/<str:token>/pdf/", views.shared_report_pdf, name="shared_report_pdf"),
]
