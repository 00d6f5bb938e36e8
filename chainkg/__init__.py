"""chainkg — industrial-chain knowledge graph and matcher (command-line package).

Kept light on purpose: importing it must not pull in pandas, pyvis or neo4j.
"""

__version__ = "0.1.0"
