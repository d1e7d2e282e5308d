"""The agent: one turn loop (`runtime.AgentRuntime`) over features that each contribute to a turn.

turn.py the types of a turn and the `Feature` protocol; runtime.py the loop; memory.py (with
segments.py), profile.py, skills.py and improve.py the features; adapter_cache.py the one adapter
store (disk plus LRU by bytes); retrieval.py TF-IDF and per-entry adapters; events.py the event
schema; prompts.py the prompts and the default profile vocabulary. Kept free of heavy imports:
import the module you need.
"""
