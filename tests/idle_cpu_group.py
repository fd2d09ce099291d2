"""A cgroup whose processes get the CPU only when nothing else wants it (``cpu.idle``), for Celery workers.

A worker's systemd unit gets this with ``CPUWeight=idle`` (README, "Beyond one box"): the API
processes then wake onto a core at once however busy the renders keep it, where nice values only
share the CPU out and still let a render finish its time slice first. ``bench/bench_api.py
--runner celery`` and ``make cluster`` make the same group by hand where the machine lets them (root
and a writable cpu controller: cgroup v1's cpu hierarchy, or the cgroup v2 root with cpu enabled), so
that they measure that deployment. Elsewhere ``create`` answers None and the workers stay where they
are (each still nices its processes and their autogroup by SEGMENT_NICE).
"""
from __future__ import annotations

import os
import time
from pathlib import Path

# cgroup v1's cpu hierarchy, then the cgroup v2 root
HIERARCHIES = (Path("/sys/fs/cgroup/cpu"), Path("/sys/fs/cgroup"))


class IdleCpuGroup:
    def __init__(self, path: Path):
        self.path = path

    @classmethod
    def create(cls, name: str) -> "IdleCpuGroup | None":
        """Make the group ``name`` (unique per caller), or None where this machine does not let us."""
        for hierarchy in HIERARCHIES:
            if not cpu_controller_in(hierarchy):
                continue
            path = hierarchy / name
            try:
                path.mkdir()
            except OSError:
                continue
            try:
                (path / "cpu.idle").write_text("1")
                return cls(path)
            except OSError:
                path.rmdir()
        return None

    def join(self) -> None:
        """Move the calling process into the group (a Popen ``preexec_fn``: its children follow)."""
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def remove(self, wait: float = 10.0) -> None:
        """Remove the group once its processes have exited (the kernel refuses while any is left)."""
        deadline = time.monotonic() + wait
        while True:
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                if time.monotonic() > deadline:
                    print(f"left {self.path}: processes still in it", flush=True)
                    return
                time.sleep(0.1)


def cpu_controller_in(hierarchy: Path) -> bool:
    """Whether child groups of ``hierarchy`` get the cpu controller (and so a ``cpu.idle`` file)."""
    if (hierarchy / "cpu.idle").exists():                     # v1: the cpu hierarchy itself
        return True
    try:                                                      # v2: the controller enabled for children
        return "cpu" in (hierarchy / "cgroup.subtree_control").read_text().split()
    except OSError:
        return False
