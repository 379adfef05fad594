"""ASGI entry point, kept for features that stream."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings")
os.environ.setdefault("CONVENE_ENV", "production")
application = get_asgi_application()
