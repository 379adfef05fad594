from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from convene.lib.markdown import render_markdown


class Function(models.Model):
    """A business function of the organisation, such as Finance or Operations."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A place where people of the organisation work."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgUnit(models.Model):
    """A team or department, inside one function and optionally inside a larger unit."""

    name = models.CharField(max_length=120)
    function = models.ForeignKey(Function, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["function__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["function", "name"],
                name="orgunit_unique_name_in_function",
                violation_error_message="This function already has a unit with that name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Expertise(models.Model):
    """An area of expertise that people tag themselves with."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "expertise"

    def __str__(self) -> str:
        return self.name


class UserQuerySet(models.QuerySet["User"]):
    def active(self) -> UserQuerySet:
        return self.filter(is_active=True)

    def visible_to(self, user: User | AnonymousUser) -> UserQuerySet:
        """Everyone in the organisation sees its active people; visitors see no one."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.active()

    def for_directory(self) -> UserQuerySet:
        return self.select_related("org_unit__function", "site").prefetch_related("expertise")

    def search(self, text: str) -> UserQuerySet:
        text = text.strip()
        if not text:
            return self
        match = (
            Q(full_name__icontains=text)
            | Q(job_title__icontains=text)
            | Q(org_unit__name__icontains=text)
            | Q(expertise__name__icontains=text)
        )
        return self.filter(pk__in=self.filter(match).values("pk"))


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("A person needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True, is_administrator=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person in the organisation: their sign-in, profile and organisation-level roles."""

    class Level(models.TextChoices):
        FRONT_LINE = "front_line", "Front-line manager"
        MIDDLE = "middle", "Middle manager"
        SENIOR = "senior", "Senior manager"
        EXECUTIVE = "executive", "Executive"

    email = models.EmailField(unique=True)
    handle = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Short name used in links and @mentions.",
    )
    full_name = models.CharField(max_length=120)
    job_title = models.CharField(max_length=120, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    started_on = models.DateField(
        null=True, blank=True, help_text="When the person joined the organisation."
    )
    expertise = models.ManyToManyField(Expertise, blank=True, related_name="people")
    bio = models.TextField(blank=True, max_length=4000, help_text="Markdown.")
    bio_html = models.TextField(blank=True, editable=False)
    perspectives = models.TextField(
        "perspectives I bring",
        blank=True,
        max_length=2000,
        help_text="Experience and points of view you bring to a community. Markdown.",
    )
    perspectives_html = models.TextField(blank=True, editable=False)

    is_administrator = models.BooleanField(
        default=False, help_text="Sets the organisation's parameters and manages communities."
    )
    is_executive = models.BooleanField(
        default=False, help_text="Raises organisational issues and responds to communities."
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the technical admin site.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(line_manager=models.F("id")),
                name="user_not_own_line_manager",
                violation_error_message="A person cannot be their own line manager.",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", args=[self.handle])

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def function(self) -> Function | None:
        return self.org_unit.function if self.org_unit else None

    @property
    def initials(self) -> str:
        parts = self.full_name.split()
        return "".join(part[0] for part in parts[:2]).upper() or "?"

    def tenure_years(self, today: datetime.date | None = None) -> int | None:
        if self.started_on is None:
            return None
        today = today or timezone.localdate()
        return max(0, (today - self.started_on).days // 365)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.lower()
        if not self.handle:
            self.handle = self._unique_handle()
        self.bio_html = render_markdown(self.bio)
        self.perspectives_html = render_markdown(self.perspectives)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = {"bio": "bio_html", "perspectives": "perspectives_html"}
            kwargs["update_fields"] = set(update_fields) | {
                extra[name] for name in update_fields if name in extra
            }
        super().save(*args, **kwargs)

    def _unique_handle(self) -> str:
        base = slugify(self.full_name or self.email.split("@")[0])[:50] or "person"
        handle, number = base, 1
        while User.objects.filter(handle=handle).exclude(pk=self.pk).exists():
            number += 1
            handle = f"{base}-{number}"
        return handle
