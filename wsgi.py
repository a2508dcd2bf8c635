"""The one entry point: `gunicorn wsgi:app` and `flask --app wsgi ...`."""
from courseware import create_app
from courseware.cli.startup import command_settings

app = create_app(command_settings())
