from django.contrib import admin

from convene.gatherings.models import Attendance, Gathering, Rsvp

admin.site.register([Gathering, Rsvp, Attendance])
