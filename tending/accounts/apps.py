from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AccountsConfig(AppConfig):
    name = "tending.accounts"
    label = "accounts"
    verbose_name = "People"

    def ready(self) -> None:
        from tending.accounts.models import ApiToken

        post_save.connect(_forget_tokens, sender=ApiToken, dispatch_uid="accounts:token-save")
        post_delete.connect(_forget_tokens, sender=ApiToken, dispatch_uid="accounts:token-delete")


def _forget_tokens(sender: type, instance: Any, **kwargs: Any) -> None:
    """A revoked or deleted token stops working at once (and again at commit,
    so that a lookup in between cannot keep the old row)."""
    from django.conf import settings
    from django.core.cache import caches
    from django.db import transaction

    from tending.accounts.models import live_tokens_cache_key

    def forget() -> None:
        caches[settings.PAGE_CACHE_ALIAS].delete(live_tokens_cache_key(instance.key))

    forget()
    transaction.on_commit(forget)
