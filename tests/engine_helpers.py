"""Test helpers around the generation service."""

from agenthn.engine.batching import BatchEngine


class RecordingEngine(BatchEngine):
    """The real engine, keeping the requests it was given (to see what the turn loop asked for)."""

    def __init__(self, model):
        super().__init__(model, max_batch=4)
        self.requests = []

    def submit(self, request):
        self.requests.append(request)
        return super().submit(request)
