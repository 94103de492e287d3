"""URLs of calendar downloads and subscription feeds."""

app_name = "calendar"
urlpatterns: list = []
