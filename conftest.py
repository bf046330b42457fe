# The shared personas (tests/conftest.py) serve the app-level tests under
# tending/<app>/tests/ as well as those under tests/.
from tests.conftest import *  # noqa: F403
