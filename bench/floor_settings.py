"""backcare's settings, serving bench/floor.py's reference writes beside the product's URLs.

Only for the load sections of `make bench` (`python -m bench.load` and `python -m
bench.stack`, unless `--no-floor`), whose servers import it from the checkout.
"""

from backcare.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor"
