"""Everything that drives the real Chromium (Playwright)."""
