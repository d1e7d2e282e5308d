"""The HTTP server: `create_app(config)` (app.py) serves the OpenAI-compatible API, the native feature
API with SSE event streams, and the web UI (static/). Start it with `agenthn serve`."""
