"""backcare's settings, serving bench/floor.py's reference writes beside the product's URLs.

Only for `python -m bench.load --floor` and `python -m bench.stack --floor`, whose servers
import it from the checkout; `make bench` serves the product's own settings.
"""

from backcare.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor"
