"""URLs of the import wizard and of import records; spliced into `milestones.urls`."""

from django.urls import path

from milestones.importing import views as import_views

urlpatterns = [
    path("programmes/<slug:slug>/import/", import_views.import_upload, name="import"),
    path(
        "programmes/<slug:slug>/import/<int:pk>/",
        import_views.import_preview,
        name="import-preview",
    ),
    path(
        "programmes/<slug:slug>/import/<int:pk>/confirm/",
        import_views.import_confirm,
        name="import-confirm",
    ),
    path(
        "programmes/<slug:slug>/import/<int:pk>/table/",
        import_views.import_table,
        name="import-table",
    ),
    path(
        "programmes/<slug:slug>/import/<int:pk>/cancel/",
        import_views.import_cancel,
        name="import-cancel",
    ),
    path(
        "programmes/<slug:slug>/import/jobs/<int:pk>/",
        import_views.import_job,
        name="import-job",
    ),
    path("imports/<int:pk>/", import_views.import_record, name="import-record"),
]
