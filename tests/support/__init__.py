"""What the tests share that is not a fixture (the fixtures are in ``tests/conftest.py``): the one
Socket.IO test client, the live-server and service harnesses, the browser helpers, the property
tests' commands, and small makers of files and times. No test module imports another."""
