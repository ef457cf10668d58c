"""The Speed control: steps a second the standalone page trains at each Speed position.

Starts `python -m nnvisu` and Chromium on the default page (200 circles, 2-8-8-2, full batch,
so a step is an epoch), then for each position of the Speed slider plays for a window and
reads the Step readout at its ends, in the page. Prints the pace asked for, the pace measured
and their ratio; "as fast as possible" has no pace asked for.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from common import server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_support import ErrorCollector, button, field, launch_chromium, open_app, pause
from playwright.sync_api import Page, expect, sync_playwright

# js/training/pace.js SPEEDS, slowest first; 0 is as fast as possible.
SPEEDS = [1, 3, 10, 30, 100, 300, 0]

# Steps over a window of `ms`, read in the page at its two ends.
MEASURE_WINDOW = """async (ms) => {
  const step = () => Number(document.querySelector('[data-testid="step"]').textContent);
  const t0 = performance.now();
  const s0 = step();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { seconds: (performance.now() - t0) / 1000, steps: step() - s0 };
}"""


def measure(page: Page, position: int, warmup: float, seconds: float) -> float:
    speed = field(page, "Speed")
    speed.focus()
    page.keyboard.press("Home")
    for _ in range(position):
        page.keyboard.press("ArrowRight")
    button(page, "Play").click()
    expect(button(page, "Pause")).to_be_visible()
    page.wait_for_timeout(warmup * 1000)
    r = page.evaluate(MEASURE_WINDOW, seconds * 1000)
    pause(page)
    return float(r["steps"]) / float(r["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="window per Speed")
    parser.add_argument("--warmup", type=float, default=1.0, help="play before the window")
    args = parser.parse_args()
    errors = ErrorCollector()
    with server() as ws_url, sync_playwright() as pw:
        url = ws_url.removesuffix("ws").replace("ws://", "http://")
        chromium = launch_chromium(pw)
        try:
            page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.set_default_timeout(30_000)
            errors.attach(page)
            open_app(page, url)
            print(f"{'Speed':>22}  {'steps/s':>9}  ratio")
            for position, asked in enumerate(SPEEDS):
                got = measure(page, position, args.warmup, args.seconds)
                name = "as fast as possible" if asked == 0 else f"{asked} steps/s"
                ratio = f"{got / asked:5.2f}" if asked else "    -"
                print(f"{name:>22}  {got:9.1f}  {ratio}")
        finally:
            chromium.close()
    errors.check()


if __name__ == "__main__":
    main()
