"""Hooks: the side-by-side comparison view inside Wagtail's admin."""

from django.urls import include, path

from wagtail import hooks

from fireside.similarity import admin_urls


@hooks.register("register_admin_urls")
def register_similarity_urls():
    return [path("similarity/", include(admin_urls, namespace="similarity"))]
