"""The WSGI entry point for a production server: ``gunicorn inspectie.wsgi:app``.

After start-up the collector is told to leave everything made so far alone (``gc.freeze``):
modules, the mapped tables, compiled templates and the like live as long as the process. Left
in the youngest generations' way, every full collection walked all of them again, some 70 ms
in the middle of a request that makes many small objects (a trends API answer by legal
provision per quarter); frozen, a full collection looks only at what requests made. Tests call
``create_app`` directly and never freeze: their apps come and go.
"""

import gc

from inspectie import create_app

app = create_app()
gc.freeze()
