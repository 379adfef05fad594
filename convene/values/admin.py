"""The values in the technical admin; their stories deliberately are not.

A story kept to a private community, or hidden by the person it is about, is
not for administrators to read, and the technical admin must not become a way
round that. Administrators manage values on the values pages as well as here.
"""

from django.contrib import admin

from convene.values.models import Value


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    list_filter = ["is_active"]
