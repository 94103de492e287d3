"""The programme timeline: data and layout (`builder`), the page (`views`)."""
