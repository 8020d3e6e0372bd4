"""Operations and the project itself: backups, crashes, scale-out, the proxy, the bench smoke run,
docs and layout checks."""
