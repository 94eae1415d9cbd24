"""What changed in the API, in the client's terms: the API surface of a client (surface.py),
the changes between two surfaces (compare.py), and reports of them (report.py)."""
