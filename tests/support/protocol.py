"""What docs/protocol.md documents."""

from __future__ import annotations

import re
from pathlib import Path

PROTOCOL = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text()


def documented_commands() -> dict[str, set[str]]:
    sections = re.split(r"^### `", PROTOCOL, flags=re.M)[1:]
    found = {}
    for section in sections:
        name = section.split("`", 1)[0]
        roles = re.search(r"^Roles: (.+)\.$", section, re.M)
        if roles:
            found[name] = {r.strip() for r in roles.group(1).split(",")}
    return found
