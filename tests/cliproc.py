"""Run the installed ``casegraph`` command as a real process, as a user would.

Also a way to make file permissions bite when the tests run as root: root reads a ``chmod 000``
file because of two capabilities (``CAP_DAC_OVERRIDE``, ``CAP_DAC_READ_SEARCH``). A child
started with :func:`without_permission_override` has them dropped from its bounding set before
``exec``, so for it permissions mean what they mean for any user.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

CASEGRAPH = Path(sys.executable).with_name("casegraph")

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2


def run(
    args: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    drop_permission_override: bool = False,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``casegraph ARGS`` in a fresh process; stdout and stderr captured as text."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    preexec: Callable[[], None] | None = None
    if drop_permission_override and os.geteuid() == 0:
        preexec = without_permission_override
    return subprocess.run(
        [str(CASEGRAPH), *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        preexec_fn=preexec,
    )


def without_permission_override() -> None:
    """In a child before ``exec``: drop root's right to ignore file permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


_PROBES = {
    "list": "import os, sys; os.listdir(sys.argv[1])",
    "write": "import os, sys; os.close(os.open(os.path.join(sys.argv[1], '.probe'), os.O_CREAT))",
}


def permissions_bite(locked: Path, access: str = "list") -> str:
    """Why a child started with :func:`run` (``drop_permission_override=True``) may still
    ``access`` (``"list"`` or ``"write"`` into) the folder ``locked`` its mode forbids, or
    ``""`` when it may not, as it should."""
    preexec = without_permission_override if os.geteuid() == 0 else None
    try:
        probe = subprocess.run(
            [sys.executable, "-c", _PROBES[access], str(locked)],
            capture_output=True,
            preexec_fn=preexec,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return f"cannot drop root's permission override here ({exc})"
    if probe.returncode == 0:
        (locked / ".probe").unlink(missing_ok=True)
        return f"running as root where dropping CAP_DAC_OVERRIDE does not stop a {access}"
    return ""
