"""Users, log-in, lock-out, API tokens and the access policy."""
