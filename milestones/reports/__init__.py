"""Reports for the steering committee: the progress report (`progress`), its download (`views`)."""
