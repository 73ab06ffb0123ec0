"""The web app and JSON API over a corpus (``onrecord serve``): ``create_app(db)``."""
from .app import create_app

__all__ = ["create_app"]
