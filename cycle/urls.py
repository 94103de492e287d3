from django.urls import path

from cycle import views

app_name = "cycle"

urlpatterns = [
    path("gates/<int:pk>/route/", views.plan_gate_view, name="route-edit"),
]
