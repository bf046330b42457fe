"""People: the user account (e-mail login) and personal API tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.cache import caches
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tending.lib.timezones import zone_choices


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        # E-mail addresses are stored lower-cased, so log-in is case-insensitive.
        return self.get(email=(username or "").strip().lower())


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=60)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", choices=zone_choices)
    # The gentle start-up helper in every box written to the partner (Appreciate).
    gentle_helper = models.BooleanField(
        _("gentle start-up helper"),
        default=True,
        help_text=_(
            "When you write to your partner, point out words like “always” or “never” and "
            "suggest a gentler start. Nothing you type leaves this server."
        ),
    )
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return str(self)


TOKEN_PREFIX = "tnd_"  # noqa: S105 - a public marker, not a secret


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def authenticate(self, presented: str) -> ApiToken | None:
        """The live token matching `presented`, compared in constant time.

        Tokens carry 256 random bits, so a plain SHA-256 digest is a safe way to
        store them; the lookup is by a short non-secret key and the digest is
        compared with `hmac.compare_digest`.
        """
        if not presented.startswith(TOKEN_PREFIX) or len(presented) > 100:
            return None
        from tending.accounts.backends import CachedModelBackend

        key = presented[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + ApiToken.KEY_LENGTH]
        digest = _digest(presented)
        for row in self._live_with_key(key):
            if hmac.compare_digest(row["digest"], digest):
                # The account as the session path loads it: cached, and None
                # when it has been deactivated.
                user = CachedModelBackend().get_user(row["user_id"])
                if user is None:
                    return None
                token = ApiToken(**row)
                token._state.adding = False  # a stored row, not a new one
                token._state.db = self.db
                token.user = user
                return token
        return None

    def _live_with_key(self, key: str) -> list[dict[str, Any]]:
        """The unrevoked tokens sharing this key (nearly always one), kept in
        the cache until any token with that key is saved or deleted."""

        def from_database() -> list[dict[str, Any]]:
            return list(
                self.filter(key=key, revoked_at__isnull=True).values(
                    "id", "user_id", "name", "key", "digest", "created", "last_used_at"
                )
            )

        if not settings.PAGE_CACHE_ENABLED:
            return from_database()
        cache = caches[settings.PAGE_CACHE_ALIAS]
        rows = cache.get(live_tokens_cache_key(key))
        if rows is None:
            rows = from_database()
            # Ten minutes at most: a token revoked behind the signals' back
            # (an operator's SQL) stops within that.
            cache.set(live_tokens_cache_key(key), rows, timeout=600)
        return list(rows)


def live_tokens_cache_key(key: str) -> str:
    return f"apitokens:{key}"


class ApiToken(models.Model):
    """A personal access token: shown once, stored as a digest, revocable."""

    KEY_LENGTH = 8

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=60)
    key = models.CharField(max_length=KEY_LENGTH, db_index=True)
    digest = models.CharField(max_length=64)
    created = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_PREFIX}{self.key}…)"

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        """Create a token and return it with its secret, which is never stored."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            key=secret[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + cls.KEY_LENGTH],
            digest=_digest(secret),
        )
        return token, secret
