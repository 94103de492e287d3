from django.contrib.auth.decorators import login_not_required
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", login_not_required(views.LoginView.as_view()), name="login"),
    path("oidc/authenticate/", views.OidcAuthenticateView.as_view(), name="oidc-authenticate"),
    path("oidc/callback/", views.OidcCallbackView.as_view(), name="oidc-callback"),
]
