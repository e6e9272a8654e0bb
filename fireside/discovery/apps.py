from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "fireside.discovery"
    label = "discovery"
