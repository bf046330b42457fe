from django.apps import AppConfig


class BoundaryAppConfig(AppConfig):
    name = "tests.boundary_app"
    label = "boundary_app"
