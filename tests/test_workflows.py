"""Team workflows: baselines (adopt hooklint on an existing tenant), `hooklint init`, the
result cache and parallel jobs, through the installed command line."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import tomllib
from pathlib import Path

import pytest

from conftest import REPO

CX_BAD = """module.exports = function (client, scope, audience, context, cb) {
  var access_token = {};
  access_token.scope = scope;
  access_token.tier = 'gold';
  cb(null, access_token);
};
"""
USER = "module.exports = function (user, context, cb) {\n  cb();\n};\n"


def run(exe, *args, cwd, cache=None):
    env = {**os.environ, "NO_COLOR": "1", "HOOKLINT_CACHE_DIR": str(cache or Path(cwd) / ".cache")}
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def tenant(tmp_path):
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "m2m.js").write_text(CX_BAD)
    return tmp_path


def test_baseline_round_trip_survives_moved_lines(hooklint_exe, tenant):
    written = run(hooklint_exe, "check", "--write-baseline", "baseline.json", cwd=tenant)
    assert written.returncode == 0, written.stderr
    assert "recorded 1 finding in baseline.json" in written.stderr
    document = json.loads((tenant / "baseline.json").read_text())
    assert document["hooklint_baseline"] == 1 and len(document["findings"]) == 1

    quiet = run(hooklint_exe, "check", "--baseline", "baseline.json", cwd=tenant)
    assert quiet.returncode == 0 and quiet.stdout.strip() == "No problems in 1 file; 1 in the baseline."

    # code moves down: still baselined
    (tenant / "hooks" / "m2m.js").write_text("// a new header comment\n'use strict';\n\n" + CX_BAD)
    moved = run(hooklint_exe, "check", "--baseline", "baseline.json", cwd=tenant)
    assert moved.returncode == 0, moved.stdout

    # a new problem is reported, the old one is not
    (tenant / "hooks" / "m2m.js").write_text(CX_BAD.replace("cb(null", "access_token.plan = 'x';\n  cb(null"))
    new = run(hooklint_exe, "check", "--baseline", "baseline.json", "--format", "json", cwd=tenant)
    data = json.loads(new.stdout)
    assert new.returncode == 1
    assert [(f["rule"], f["line"]) for f in data["findings"]] == [("HL204", 5)]
    assert data["summary"]["baselined"] == 1


def test_sarif_marks_results_new_with_a_baseline(hooklint_exe, tenant):
    (tenant / "empty-baseline.json").write_text('{"hooklint_baseline": 1, "findings": {}}')
    sarif = json.loads(run(hooklint_exe, "check", "--baseline", "empty-baseline.json", "-f", "sarif",
                           cwd=tenant).stdout)
    assert [r["baselineState"] for r in sarif["runs"][0]["results"]] == ["new"]


@pytest.mark.parametrize("content, message", [
    ("not json", "not a hooklint baseline (not JSON)"),
    ('{"findings": []}', "not a hooklint baseline (format 1)"),
])
def test_bad_baseline_is_a_usage_error(hooklint_exe, tenant, content, message):
    (tenant / "b.json").write_text(content)
    result = run(hooklint_exe, "check", "--baseline", "b.json", cwd=tenant)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_init_writes_the_inferred_points(hooklint_exe, tenant):
    (tenant / "hooks" / "signup.js").write_text(USER.replace("cb();", "if (user.password.length < 8) {}\n  cb();"))
    (tenant / "hooks" / "unknown.js").write_text(USER)
    (tenant / "actions").mkdir()  # an Action's entry point names its trigger: not listed
    (tenant / "actions" / "login.js").write_text("exports.onExecutePostLogin = async (event, api) => {};\n")
    result = run(hooklint_exe, "init", cwd=tenant)
    assert result.returncode == 0, result.stderr
    config = tomllib.loads((tenant / ".hooklint.toml").read_text())
    assert config["points"] == {"hooks/m2m.js": "credentials-exchange", "hooks/signup.js": "pre-user-registration"}
    assert '# "hooks/unknown.js" = "?"' in (tenant / ".hooklint.toml").read_text()
    # the file it wrote is a valid configuration
    assert run(hooklint_exe, "check", cwd=tenant).returncode in (0, 1)
    again = run(hooklint_exe, "init", cwd=tenant)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_init_pyproject(hooklint_exe, tenant):
    (tenant / "pyproject.toml").write_text('[project]\nname = "tenant"\n')
    assert run(hooklint_exe, "init", "--pyproject", cwd=tenant).returncode == 0
    data = tomllib.loads((tenant / "pyproject.toml").read_text())
    assert data["project"]["name"] == "tenant"
    assert data["tool"]["hooklint"]["points"] == {"hooks/m2m.js": "credentials-exchange"}


def _copy_examples(target: Path, copies: int) -> None:
    target.mkdir()
    sources = sorted((REPO / "examples" / "hooks").glob("*.js"))
    for index in range(copies):
        for source in sources:
            (target / f"{index:02d}-{source.name}").write_text(source.read_text())


def test_jobs_give_identical_output(hooklint_exe, tmp_path):
    _copy_examples(tmp_path / "hooks", 6)
    outputs = {}
    for jobs in ("1", "2", "3"):
        result = run(hooklint_exe, "check", "--no-cache", "--jobs", jobs, "-f", "json", cwd=tmp_path)
        outputs[jobs] = result.stdout
    assert outputs["1"] == outputs["2"] == outputs["3"]
    assert len(json.loads(outputs["1"])["findings"]) == 6 * 5


def test_build_digest_follows_hooklint_files(monkeypatch, tmp_path):
    from hooklint.run import cache
    from hooklint.checks import catalog

    docs = tmp_path / "rules"
    docs.mkdir()
    doc = docs / "HL999-x.md"
    doc.write_text("one")
    monkeypatch.setattr(catalog, "rules_dir", lambda: docs)
    digests = []
    try:
        for text, mtime in (("one", 1_000_000), ("three", 1_000_000), ("three", 2_000_000)):
            doc.write_text(text)
            os.utime(doc, ns=(mtime, mtime))
            cache.build_digest.cache_clear()
            digests.append(cache.build_digest())
        doc.write_text("three")  # the same again: the same digest
        os.utime(doc, ns=(2_000_000, 2_000_000))
        cache.build_digest.cache_clear()
        assert cache.build_digest() == digests[-1]
    finally:
        cache.build_digest.cache_clear()
    assert len(set(digests)) == 3  # content (size) and modification time both count


def test_build_digest_covers_every_layer_of_the_package():
    # the cache module sits in hooklint/run/: a digest of its own folder would miss a
    # changed rule or service and serve stale results
    import hooklint
    from hooklint.run import cache

    package = Path(hooklint.__file__).resolve().parent
    files = set(cache.code_files())
    expected = {str(p) for p in package.rglob("*.py") if "__pycache__" not in p.parts}
    assert expected <= files
    assert str(package / "checks" / "hl204_claim_not_namespaced.py") in files
    assert str(package / "js" / "parse.py") in files


def _entries(cache: Path) -> list[tuple[str, int]]:
    """The cache's (key, written) rows."""
    [database] = cache.glob("*.sqlite3")
    with sqlite3.connect(database) as db:
        return sorted(db.execute("SELECT key, written FROM entries"))


def _age(cache: Path, seconds: int) -> None:
    [database] = cache.glob("*.sqlite3")
    with sqlite3.connect(database) as db:
        db.execute("UPDATE entries SET written = written - ?", (seconds,))


def test_cache_serves_identical_results_and_invalidates(hooklint_exe, tmp_path):
    _copy_examples(tmp_path / "hooks", 1)
    cache = tmp_path / "cache"
    cold = run(hooklint_exe, "check", "-f", "json", cwd=tmp_path, cache=cache)
    assert len(_entries(cache)) == 7
    _age(cache, 1000)  # a rewrite would set `written` to now again
    entries = _entries(cache)
    warm = run(hooklint_exe, "check", "-f", "json", cwd=tmp_path, cache=cache)
    assert warm.stdout == cold.stdout
    assert _entries(cache) == entries  # nothing recomputed

    # content change: that one file is recomputed
    hook = tmp_path / "hooks" / "00-credentials-exchange-add-claims.js"
    hook.write_text(hook.read_text().replace("access_token.tier", "access_token['https://x.com/tier']"))
    changed = json.loads(run(hooklint_exe, "check", "-f", "json", cwd=tmp_path, cache=cache).stdout)
    assert [f["rule"] for f in changed["findings"] if "add-claims" in f["path"]] == ["HL203"]
    assert len(_entries(cache)) == 8

    # configuration change (another selection): new keys, different results
    selected = json.loads(run(hooklint_exe, "check", "-f", "json", "--select", "HL100", cwd=tmp_path,
                              cache=cache).stdout)
    assert [f["rule"] for f in selected["findings"]] == ["HL100"]
    assert len(_entries(cache)) == 15


def test_cache_key_depends_on_hooklint_itself(monkeypatch):
    from hooklint.run import cache
    from hooklint.js.source import Source

    source = Source(path="a.js", text="x;")
    before = cache.key(source, {"HL100"})
    cache.build_digest.cache_clear()
    monkeypatch.setattr(cache, "__version__", "999.0")
    try:
        assert cache.key(source, {"HL100"}) != before
        assert cache.key(source, {"HL100", "HL101"}) != cache.key(source, {"HL100"})
        assert cache.key(Source(path="a.js", text="y;"), {"HL100"}) != cache.key(source, {"HL100"})
    finally:
        cache.build_digest.cache_clear()


def test_concurrent_runs_share_a_new_cache(hooklint_exe, tmp_path):
    """pre-commit runs several hooklint processes at once: they create and fill the same
    database together, and each prints what a run without a cache prints."""
    _copy_examples(tmp_path / "hooks", 3)
    cache = tmp_path / "cache"
    env = {**os.environ, "NO_COLOR": "1", "HOOKLINT_CACHE_DIR": str(cache)}
    command = [hooklint_exe, "check", "-f", "json", "--jobs", "2"]
    runs = [subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    outputs = [run.communicate(timeout=300) for run in runs]
    expected = run(hooklint_exe, "check", "-f", "json", "--no-cache", cwd=tmp_path)
    assert [err for _, err in outputs] == [""] * 4
    assert [_findings(out) for out, _ in outputs] == [_findings(expected.stdout)] * 4
    assert len(_entries(cache)) == 3 * 7


def _findings(output: str) -> list:
    return json.loads(output)["findings"]


def test_cache_drops_entries_written_long_ago(hooklint_exe, tmp_path):
    _copy_examples(tmp_path / "hooks", 1)
    cache = tmp_path / "cache"
    run(hooklint_exe, "check", cwd=tmp_path, cache=cache)
    _age(cache, 31 * 86400)
    hook = tmp_path / "hooks" / "00-credentials-exchange-add-claims.js"
    hook.write_text(hook.read_text() + "// changed\n")
    run(hooklint_exe, "check", cwd=tmp_path, cache=cache)  # writes one entry, drops the expired ones
    assert len(_entries(cache)) == 1


@pytest.mark.parametrize("damage", ["a file for a directory", "not a database"])
def test_an_unusable_cache_is_skipped(hooklint_exe, tmp_path, damage):
    _copy_examples(tmp_path / "hooks", 1)
    if damage == "a file for a directory":
        (tmp_path / "cache").write_text("a file where the cache directory should be")
    else:
        run(hooklint_exe, "check", cwd=tmp_path, cache=tmp_path / "cache")
        [database] = (tmp_path / "cache").glob("*.sqlite3")
        database.write_bytes(b"\x00garbage" * 1000)
    cached = run(hooklint_exe, "check", "-f", "json", cwd=tmp_path, cache=tmp_path / "cache")
    uncached = run(hooklint_exe, "check", "-f", "json", "--no-cache", cwd=tmp_path)
    assert cached.returncode == uncached.returncode == 1 and cached.stderr == ""
    assert cached.stdout == uncached.stdout


def test_no_cache_writes_nothing(hooklint_exe, tmp_path):
    _copy_examples(tmp_path / "hooks", 1)
    run(hooklint_exe, "check", "--no-cache", cwd=tmp_path, cache=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_a_new_twin_of_a_baselined_finding_gets_its_own_fingerprint(hooklint_exe, tmp_path):
    hook = ("module.exports = function (client, scope, audience, context, cb) {\n"
            "  console.log(context.webtask.secrets.KEY);\n"
            "  cb(null, {scope: scope});\n};\n")
    (tmp_path / "cx.js").write_text(hook)
    assert run(hooklint_exe, "check", "--write-baseline", "b.json", cwd=tmp_path).returncode == 0
    baselined = set(json.loads((tmp_path / "b.json").read_text())["findings"])
    (tmp_path / "cx.js").write_text(hook.replace("  cb(null", "  console.log(context.webtask.secrets.KEY);\n  cb(null"))
    sarif = json.loads(run(hooklint_exe, "check", "--baseline", "b.json", "-f", "sarif", cwd=tmp_path).stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["fingerprints"]["hooklint/v1"] not in baselined
