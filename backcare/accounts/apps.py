from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "backcare.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from backcare import checks  # noqa: F401  (registers the system checks)
        from backcare.accounts import session_expiry  # noqa: F401  (notes each sign-in)
