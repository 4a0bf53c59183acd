"""gunicorn settings for backcare behind nginx (docs/deployment.md).

    gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:8000 backcare.wsgi:application

Command-line options override these. `WEB_CONCURRENCY` (gunicorn's own variable) sets the
number of worker processes.
"""

import os

bind = ["127.0.0.1:8000"]
# Synchronous workers are enough because nginx reads every request whole and buffers every
# answer: a worker is busy only while backcare computes, never while a client is slow. The
# default, 3, is what the 2-core benchmark machine runs (docs/deployment.md, "Scaling").
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
# A request that takes longer is cut off and its worker replaced; uploads are stored and
# imported by the worker, so no page should come near this. nginx waits 60 s (proxy_read_timeout).
timeout = 50
graceful_timeout = 20
# Workers are not recycled after a number of requests (max_requests): each replacement costs
# seconds of start-up on a busy machine. Set it if a worker's memory grows over weeks.
# nginx logs every request; gunicorn logs only errors and worker restarts.
accesslog = None
errorlog = "-"
logger_class = "backcare.log_secrets.GunicornLogger"  # if accesslog is set: no link secrets
loglevel = "warning"
# Only nginx on this host may set X-Forwarded-* headers.
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = "backcare"
