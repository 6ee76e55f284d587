"""The widget layer: one state object, the explorer, the lessons and their views."""
