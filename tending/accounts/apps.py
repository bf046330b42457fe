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
    from tending.accounts.models import live_tokens_cache_key
    from tending.lib.pagecache import forget_at_once

    forget_at_once(live_tokens_cache_key(instance.key))
