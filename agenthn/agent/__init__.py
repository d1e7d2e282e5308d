"""Features built on the internalize primitive (memory, personalization, skills, self-improvement).

Kept free of heavy imports: import the feature module you need, e.g. `from agenthn.agent.memory import Memory`.
"""
