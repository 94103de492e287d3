"""URLs of the timeline (part of the `milestones` namespace)."""

urlpatterns: list = []
