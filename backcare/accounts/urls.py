from typing import Any

from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

from backcare.accounts import two_step, views

app_name = "accounts"


def _reset(view: Any, template: str, **kwargs: object) -> Any:
    return view.as_view(template_name=f"accounts/{template}.html", **kwargs)


urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", two_step.sign_in_code, name="login_code"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("delete/", views.delete_account, name="delete"),
    path("two-step/", two_step.turn_on, name="two_step_on"),
    path("two-step/off/", two_step.turn_off, name="two_step_off"),
    path("two-step/codes/", two_step.new_codes, name="two_step_codes"),
    # The token is a secret: backcare/log_secrets.py and deploy/nginx/backcare-log.conf mask it.
    path("email/confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("email/send-link/", views.send_confirmation, name="send_confirmation"),
    path("email/cancel/", views.cancel_email_change, name="cancel_email_change"),
    path("sign-out-others/", views.sign_out_others, name="sign_out_others"),
    path(
        "password/",
        _reset(
            views.PasswordChangeView,
            "password_change",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        _reset(auth.PasswordChangeDoneView, "password_change_done"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        _reset(
            views.PasswordResetView,
            "password_reset",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        _reset(views.PasswordResetDoneView, "password_reset_done"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        _reset(
            views.PasswordResetConfirmView,
            "password_reset_confirm",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        _reset(auth.PasswordResetCompleteView, "password_reset_complete"),
        name="password_reset_complete",
    ),
]
