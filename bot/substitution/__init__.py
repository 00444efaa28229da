"""Substitution: the hard rules (rules.py), ranking and the category guard (substituter.py,
guard.py), learning from verdicts (acceptance.py), the service every interface uses
(service.py) and the dialogue engine (dialogue.py)."""
