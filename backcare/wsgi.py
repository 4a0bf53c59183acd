import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backcare.settings")
application = get_wsgi_application()

from backcare.commands.serve import unsafe_production_setup  # noqa: E402  (needs Django set up)

if refusal := unsafe_production_setup():  # also when gunicorn is started without `backcare serve`
    raise ImproperlyConfigured(refusal)

from backcare.runtime import settle_memory  # noqa: E402

settle_memory()  # each server process, once the app is loaded
