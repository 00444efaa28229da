"""Evaluation: the recommender on MovieLens (ranking.py, report.py), real conversations
read back (dialogues.py, inspired.py) and scripted conversations (replay.py)."""
