"""The one entry point: `gunicorn wsgi:app` and `flask --app wsgi ...`."""
from courseware import create_app

app = create_app()
