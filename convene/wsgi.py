"""WSGI entry point: `granian --interface wsgi convene.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings")
# A WSGI server is production unless told otherwise; `make run` uses runserver.
os.environ.setdefault("CONVENE_ENV", "production")
application = get_wsgi_application()
