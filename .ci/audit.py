"""make audit: fail when an installed dependency has a known vulnerability (pip-audit).

pip-audit asks PyPI's vulnerability data for each installed version. Where that service cannot
be reached (a closed network), every dependency comes back "skipped": that is not a pass, and
this says so loudly; it fails too when AUDIT_REQUIRED=1 (set it where the network is open)."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

venv_bin = Path(sys.executable).parent
with tempfile.TemporaryDirectory() as folder:
    report = Path(folder) / "audit.json"
    run = subprocess.run(
        [
            str(venv_bin / "pip-audit"),
            "--progress-spinner",
            "off",
            "--skip-editable",
            "--format",
            "json",
            "--output",
            str(report),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if not report.exists():
        print(run.stdout, run.stderr, sep="\n")
        sys.exit(f"pip-audit failed to run (exit {run.returncode}).")
    dependencies = json.loads(report.read_text())["dependencies"]

vulnerable = [d for d in dependencies if d.get("vulns")]
skipped = [d for d in dependencies if "skip_reason" in d]
audited = len(dependencies) - len(skipped)
for dependency in vulnerable:
    ids = ", ".join(v["id"] for v in dependency["vulns"])
    print(f"VULNERABLE {dependency['name']} {dependency['version']}: {ids}")
if vulnerable:
    sys.exit(f"{len(vulnerable)} dependencies with known vulnerabilities: upgrade them.")
if not audited:
    message = (
        f"pip-audit could not reach the vulnerability data for any of the {len(skipped)} "
        "dependencies (closed network?): NOTHING WAS AUDITED."
    )
    if os.environ.get("AUDIT_REQUIRED") == "1":
        sys.exit(message)
    print(f"WARNING: {message} Set AUDIT_REQUIRED=1 to make this an error.")
else:
    print(
        f"pip-audit: {audited} dependencies audited, no known vulnerability "
        f"({len(skipped)} could not be checked)."
    )
