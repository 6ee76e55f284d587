"""The pure core: SymPy derives, NumPy and compiled code compute. No widgets, no plots."""
