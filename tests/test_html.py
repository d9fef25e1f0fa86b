"""The HTML report, opened in a real browser: headless Chromium (Debian's ``chromium``)
driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: no port, no
driver, no Python dependency).

Checks: every finding is shown, the filters and the search change what is visible,
hostile text is shown as text (never markup), and the page logs no console error.
Chromium is looked up as $HOOKLINT_CHROMIUM or ``chromium`` on PATH; without it these
tests skip and say how to enable them (under CI=true they fail): see conftest.need_tool.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REPO, chromium
from hooklint.run.config import Config
from hooklint.run.engine import Engine
from hooklint.findings import Finding, Level
from hooklint.reporters import render
from hooklint.reporters.html import markdown
from hooklint.findings import Region

HOSTILE = "<img src=x onerror=alert(1)>"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
    "--disable-extensions", "--mute-audio", "--remote-debugging-pipe",
)


def _high(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return high


class Browser:
    """Just enough of the DevTools protocol: one page, evaluate, click, type, events."""

    def __init__(self, exe: str, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # Above 10, so that bash's `3<&N 4>&M` cannot overwrite one end with the other.
        to_chrome_r, from_chrome_w = (_high(to_chrome_r), _high(from_chrome_w))
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        args = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"]
        self.log = profile / "chromium.log"
        with open(self.log, "wb") as log:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen(
                ["/bin/bash", "-c", f'exec "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}', "bash", *args],
                pass_fds=(to_chrome_r, from_chrome_w), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=log)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        self.session: str | None = None
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_chrome], [], [], max(left, 0))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError(f"Chromium closed the DevTools pipe; its log ends:\n{self.log_tail()}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        reply = json.loads(message)
        if reply.get("method") == "Page.javascriptDialogOpening":
            # Recorded as an error (console_errors); dismissed so that the page goes on.
            self._next_id += 1
            self._write({"id": self._next_id, "method": "Page.handleJavaScriptDialog",
                         "params": {"accept": False}, "sessionId": reply.get("sessionId")})
        return reply

    def _write(self, message: dict) -> None:
        try:
            os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        except BrokenPipeError:
            raise RuntimeError(f"Chromium is gone; its log ends:\n{self.log_tail()}") from None

    def log_tail(self) -> str:
        lines = self.log.read_text(errors="replace").splitlines()
        return "\n".join(line for line in lines if "dbus" not in line)[-3000:]

    def send(self, method: str, timeout: float = 30, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if self.session is not None:
            message["sessionId"] = self.session
        self._write(message)
        wanted = self._next_id
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, since: int, timeout: float = 30) -> dict:
        """The first ``method`` event from ``events[since]`` on, reading until it comes."""
        deadline = time.monotonic() + timeout
        seen = since
        while True:
            for event in self.events[seen:]:
                if event["method"] == method:
                    return event
            seen = len(self.events)
            reply = self._read(deadline)
            if "method" in reply:
                self.events.append(reply)

    def open(self, url: str) -> None:
        mark = len(self.events)
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired", since=mark)

    def js(self, expression: str):
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in reply:
            raise AssertionError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element."""
        box = self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                      "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                      "return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def type(self, selector: str, text: str) -> None:
        self.js(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", text=text)

    def console_errors(self) -> list[str]:
        errors = []
        for event in self.events:
            params = event.get("params", {})
            if event["method"] == "Runtime.exceptionThrown":
                errors.append(json.dumps(params.get("exceptionDetails")))
            elif event["method"] == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append(json.dumps(params.get("args")))
            elif event["method"] == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                errors.append(json.dumps(params["entry"]))
            elif event["method"] == "Page.javascriptDialogOpening":
                errors.append(f"a dialog opened: {params.get('message')}")
        return errors

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5) if self.session is None else None
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    exe = chromium()
    instance = Browser(exe, tmp_path_factory.mktemp("chromium-profile"))
    yield instance
    instance.close()


def visible(browser: Browser, selector: str) -> list[str]:
    """The ids of the matching elements that are rendered."""
    return browser.js(f"Array.from(document.querySelectorAll({json.dumps(selector)}))"
                      ".filter(e => e.getClientRects().length > 0).map(e => e.id || e.dataset.file)")


# ----- the report of examples/ -----------------------------------------------------------


@pytest.fixture(scope="module")
def examples_report(hooklint_exe, tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "examples.html"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINT")}
    result = subprocess.run([hooklint_exe, "check", "examples/", "--format", "json", "--html-output", str(out)],
                            cwd=REPO, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return out, json.loads(result.stdout)


def test_every_finding_is_shown(browser, examples_report):
    path, data = examples_report
    browser.events.clear()
    browser.open(path.as_uri())
    shown = browser.js("Array.from(document.querySelectorAll('.finding')).filter(e => e.getClientRects().length)"
                       ".map(e => [e.dataset.rule, e.dataset.file, e.querySelector('.location').textContent])")
    expected = [[f["rule"], f["path"], f"{f['path']}:{f['line']}:{f['column']}"] for f in data["findings"]]
    assert sorted(shown) == sorted(expected)
    assert browser.js("document.getElementById('shown-count').textContent") == str(len(expected))
    # Each finding has its excerpt with the flagged line marked, and its rule's help.
    for finding in data["findings"]:
        location = f"{finding['path']}:{finding['line']}:{finding['column']}"
        marked = browser.js(
            "Array.from(document.querySelectorAll('.finding')).filter(e => e.querySelector('.location')"
            f".textContent === {json.dumps(location)})"
            ".map(e => [e.querySelector('.row.in-span .ln').textContent, !!e.querySelector('mark'),"
            " e.querySelector('.help a[href^=\"#rule-\"]').getAttribute('href')])[0]")
        assert marked == [str(finding["line"]), True, f"#rule-{finding['rule']}"]
        assert browser.js(f"!!document.getElementById('rule-{finding['rule']}')")
    assert browser.console_errors() == []


def test_filters_and_search_change_what_is_visible(browser, examples_report):
    path, data = examples_report
    browser.events.clear()
    browser.open(path.as_uri())
    total = len(data["findings"])
    levels = {f["level"] for f in data["findings"]}
    assert len(levels) >= 1 and total >= 2

    # A level chip: only that level stays.
    level = sorted(levels)[0]
    browser.click(f'.chip[data-filter="level"][data-value="{level}"]')
    shown = browser.js("Array.from(document.querySelectorAll('.finding'))"
                       ".filter(e => e.getClientRects().length).map(e => e.dataset.level)")
    assert shown and set(shown) == {level} and len(shown) == sum(f["level"] == level for f in data["findings"])
    browser.click("#clear-filters")
    assert len(visible(browser, ".finding")) == total

    # A rule chip, then a second one: the union of the two rules.
    rules = sorted({f["rule"] for f in data["findings"]})
    browser.click(f'.chip[data-filter="rule"][data-value="{rules[0]}"]')
    assert len(visible(browser, ".finding")) == sum(f["rule"] == rules[0] for f in data["findings"])
    if len(rules) > 1:
        browser.click(f'.chip[data-filter="rule"][data-value="{rules[1]}"]')
        assert len(visible(browser, ".finding")) == sum(f["rule"] in rules[:2] for f in data["findings"])
    browser.click("#clear-filters")

    # A file chip hides the other files' groups.
    first = data["findings"][0]["path"]
    browser.click(f'.chip[data-filter="file"][data-value="{first}"]')
    assert visible(browser, ".file-group") == [first]
    browser.click("#clear-filters")

    # A point chip.
    point = data["findings"][0]["point"] or "unknown"
    browser.click(f'.chip[data-filter="point"][data-value="{point}"]')
    assert len(visible(browser, ".finding")) == sum((f["point"] or "unknown") == point for f in data["findings"])
    browser.click("#clear-filters")

    # Search: words of one message find it; nonsense finds nothing and says so.
    target = data["findings"][-1]
    browser.type("#search", target["rule"].lower() + " " + target["path"].rsplit("/", 1)[-1])
    assert len(visible(browser, ".finding")) == sum(
        f["rule"] == target["rule"] and f["path"] == target["path"] for f in data["findings"])
    browser.js("document.getElementById('search').value = ''")
    browser.type("#search", "no-such-words-anywhere")
    assert visible(browser, ".finding") == []
    assert browser.js("document.getElementById('no-match').getClientRects().length > 0")
    browser.click("#clear-filters")
    assert len(visible(browser, ".finding")) == total
    assert browser.console_errors() == []


# ----- hostile text ----------------------------------------------------------------------

HOSTILE_HOOK = f"""// hooklint: point={HOSTILE}
module.exports = function (client, scope, audience, context, cb) {{ // hooklint-disable-line {HOSTILE}
  var access_token = {{}};
  access_token['{HOSTILE}'] = '{HOSTILE}';
  cb(null, access_token);
}};
"""


def test_hostile_text_is_shown_as_text(browser, registry, tmp_path, monkeypatch):
    """A file name, code, a claim and messages carrying markup: all shown as text, nothing runs."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / f"{HOSTILE}.js").write_text(HOSTILE_HOOK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    selected = {i for i in registry.docs if registry.implemented(i)}
    run = Engine(registry, Config(), selected).run([Path("hooks")])
    # Whatever the rules say about it, one finding's message carries the claim's name.
    path = f"hooks/{HOSTILE}.js"
    claim = Finding("HL101", Level.ERROR, f"claim `{HOSTILE}` \"quoted\" & <b>bold</b>", path,
                    Region(4, 3, 4, 42), "credentials-exchange")
    run.files[0].findings.append(claim)
    page = tmp_path / "report.html"
    page.write_text(render("html", run, registry), encoding="utf-8")
    assert HOSTILE not in page.read_text(encoding="utf-8")  # escaped everywhere

    browser.events.clear()
    browser.open(page.as_uri())
    assert browser.js("document.querySelectorAll('img, b').length") == 0
    body = browser.js("document.body.innerText")
    assert f"claim {HOSTILE} \"quoted\" & <b>bold</b>" in body
    assert browser.js(f"document.querySelector('.file-path').textContent.includes({json.dumps(path)})")
    assert browser.js(f"Array.from(document.querySelectorAll('.excerpt .src')).some("
                      f"e => e.textContent.includes({json.dumps(HOSTILE)}))")
    assert browser.js("Array.from(document.querySelectorAll('.message')).some("
                      f"e => e.textContent.includes({json.dumps(HOSTILE)}))")
    # Filtering by the hostile file name works like any other.
    browser.click(".chip[data-filter=\"file\"]")
    assert len(visible(browser, ".finding")) == len(run.findings)
    assert browser.console_errors() == []


def test_markdown_of_rule_docs_is_escaped():
    html = str(markdown(f"Text with `{HOSTILE}` and **{HOSTILE}**\n\n- item {HOSTILE}\n\n```js\n{HOSTILE}\n```"))
    assert "<img" not in html
    assert "<code>&lt;img src=x onerror=alert(1)&gt;</code>" in html
    assert "<strong>" in html and "<li>" in html and "<pre><code>" in html


def test_problems_skipped_and_suppressed_sections(browser, hooklint_exe, tmp_path):
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "broken.js").write_text("module.exports = function (user, context, cb) {\n  cb(;\n};\n")
    (hooks / "quiet.js").write_text("// hooklint: point=credentials-exchange\n"
                                    "// hooklint-disable-next-line HL101 -- later\n"
                                    "module.exports = function (user, context, cb) {\n  cb();\n};\n")
    out = tmp_path / "r.html"
    result = subprocess.run([hooklint_exe, "check", "hooks", "missing.js", "-f", "html", "-o", str(out)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    browser.events.clear()
    browser.open(out.as_uri())
    problems = browser.js("Array.from(document.querySelectorAll('.problem')).map(e => e.textContent)")
    assert any("hooks/broken.js:2:" in p and "cannot parse" in p for p in problems), problems
    assert any("missing.js" in p and "no such file" in p for p in problems), problems
    skipped = browser.js("Array.from(document.querySelectorAll('#skipped .path')).map(e => e.textContent)")
    assert skipped == ["hooks/broken.js", "missing.js"]
    assert "1 finding suppressed" in browser.js("document.getElementById('suppressed').innerText")
    assert browser.console_errors() == []


def test_hardcoded_secret_is_masked_in_the_excerpt(tmp_path, registry):
    from hooklint.reporters.html import excerpt
    from hooklint.findings import Finding, Level
    from hooklint.findings import Region

    literal = "'sk_live_51HabcDEFghiJKLmnoPQR'"
    line = f"  const stripeKey = {literal};"
    start = line.index(literal) + 1  # 1-based column of the literal's opening quote
    finding = Finding("HL400", Level.ERROR, "m", "x.js", Region(1, start, 1, start + len(literal)))
    rows = excerpt([line], finding, registry.docs["HL400"])
    shown = "".join(seg.text for row in rows for seg in row.segments)
    assert "sk_live_51HabcDEFghiJKLmnoPQR" not in shown
    assert shown == "  const stripeKey = 'sk_…;"
