"""Editing milestones: the full form (`forms`, `views`) and quick edits in place (`quick_*`)."""
