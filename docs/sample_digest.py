"""Regenerate the sample digest of docs/team-updates.md: `python docs/sample_digest.py`.

Builds digest #1 (by campaign, last 7 days) against the sandbox tracker at a fixed date and
writes its text to docs/digest-sample.txt and its chart to docs/digest-sample.png.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.keitaro.client import KeitaroClient  # noqa: E402
from bot.notify.digest import DigestBuilder  # noqa: E402
from bot.notify.models import Digest, Schedule  # noqa: E402
from bot.notify.schedule import latest_slot  # noqa: E402
from bot.settings import KeitaroSettings  # noqa: E402
from keitaro_sandbox import ManualClock, Sandbox  # noqa: E402
from telegram_fake import FakeTelegram  # noqa: E402

NOW = datetime(2026, 11, 26, 9, 5, tzinfo=UTC)


async def sample_text() -> tuple[str, bytes]:
    """The sample digest's visible text and chart PNG."""
    sandbox = Sandbox(api_key="sample-api-key-000", postback_key="sample-pb", seed=7,
                      clock=ManualClock(NOW), clicks=6000)
    async with sandbox.running() as url:
        client = KeitaroClient(KeitaroSettings(url=url, api_key="sample-api-key-000"))
        try:
            digest = Digest(id=1, chat_id=1, created_by=1, period="7d",
                            schedule=Schedule(at="09:00", timezone="Europe/Berlin"))
            message = await DigestBuilder(client).build(
                digest, latest_slot(digest.schedule, NOW))
        finally:
            await client.close()
    assert message.chart is not None
    return FakeTelegram.strip_html(message.text) + "\n", message.chart.png


async def main() -> None:
    text, png = await sample_text()
    (ROOT / "docs/digest-sample.png").write_bytes(png)
    readme = (ROOT / "docs/team-updates.md").read_text()
    start = readme.index("<!-- digest:start -->\n```\n") + len("<!-- digest:start -->\n```\n")
    end = readme.index("```\n<!-- digest:end -->")
    (ROOT / "docs/team-updates.md").write_text(readme[:start] + text + readme[end:])
    print(text)


if __name__ == "__main__":
    asyncio.run(main())
