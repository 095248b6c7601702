"""The app reached over SSH: a private sshd on loopback, a throwaway key, a real pty.

The sshd runs in the foreground on a free port of 127.0.0.1 with its own
host key, authorized key file and config, all in tmp_path, and is stopped
when the test ends.  It logs in the user running the tests, which sshd can
only do as root (CI runs `make test` as root; `make tools` installs it).
"""

from __future__ import annotations

import getpass
import os
import shlex
import signal
import socket
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from smallwins.core.model import Win, ladder_from_doc
from smallwins.core.storage import DataFile
from tests.e2e.conftest import (
    BIN,
    TODAY,
    Tmux,
    app_command,
    is_gone,
    new_ladder,
    require,
    wait_for,
)

SSHD = Path("/usr/sbin/sshd")


def app_pids(data: Path) -> list[int]:
    """Processes running `smallwins` on `data` (the app on the far side of the link)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(BIN).encode() in args and str(data).encode() in args and not is_gone(
                int(entry.name)):
            pids.append(int(entry.name))
    return pids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            return sock.recv(4).startswith(b"SSH-")
    except OSError:
        return False


class Sshd:
    """A private sshd and the client key that may log in to it."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(mode=0o700)
        self.folder = folder
        self.key = folder / "client"
        self.port = free_port()
        self.log = folder / "sshd.log"
        for name in ("host", "client"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                            str(folder / name)], check=True, timeout=30)
        (folder / "authorized_keys").write_bytes((folder / "client.pub").read_bytes())
        self.config = folder / "sshd_config"
        self.config.write_text(
            f"ListenAddress 127.0.0.1\n"
            f"HostKey {folder / 'host'}\n"
            f"AuthorizedKeysFile {folder / 'authorized_keys'}\n"
            "StrictModes no\n"
            "PermitRootLogin prohibit-password\n"
            "PubkeyAuthentication yes\n"
            "PasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\n"
            "UsePAM no\n"
            "PidFile none\n"
            "PrintMotd no\n"
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        # The privilege separation folder is normally made by the service manager.
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        process = self.process = subprocess.Popen(
            [str(SSHD), "-D", "-e", "-f", str(self.config), "-p", str(self.port),
             "-h", str(self.folder / "host"), "-E", str(self.log)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: accepts(self.port) or process.poll() is not None, 10,
                 "sshd to listen", self.describe)
        assert process.poll() is None, self.describe()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def describe(self) -> str:
        return self.log.read_text() if self.log.exists() else "(no sshd log)"

    def ssh_command(self, remote: str) -> str:
        """An interactive `ssh -tt` to this server running `remote` in a pty there."""
        return shlex.join([
            "ssh", "-tt", "-i", str(self.key), "-p", str(self.port),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
            f"{getpass.getuser()}@127.0.0.1", remote,
        ])


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Sshd]:
    require("ssh", "ssh-keygen")
    if not SSHD.exists():
        pytest.skip("needs openssh-server: run `make tools` (Debian, as root)")
    if os.geteuid() != 0:
        pytest.skip("sshd can log a user in only when it runs as root")
    server = Sshd(tmp_path / "ssh")
    try:
        server.start()
        yield server
    finally:
        server.stop()


def test_check_off_over_ssh(tmp_path: Path, tmux: Tmux, data: Path, sshd: Sshd) -> None:
    ladder = new_ladder(tmp_path, data, "stretch")
    env = {"TERM": "xterm-256color", "SMALLWINS_CONFIG": str(tmp_path / "config.toml"),
           "LANG": "C.UTF-8"}
    tmux.start("exec " + sshd.ssh_command(app_command(data, env=env)))
    tmux.wait_for_text("0 of 1 done today", timeout=20)
    tmux.keys("space")
    tmux.wait_for_text("1 of 1 done today")
    tmux.keys("q")
    status = tmux.wait_for_exit()
    assert status == 0, tmux.screen() + sshd.describe()
    marks = ladder_from_doc(DataFile(data).read()[ladder]).marks
    assert marks == {date.fromisoformat(TODAY): Win(1)}


def test_a_dropped_link_ends_the_remote_app_and_keeps_the_win(
    tmp_path: Path, tmux: Tmux, data: Path, sshd: Sshd
) -> None:
    ladder = new_ladder(tmp_path, data, "stretch")
    env = {"TERM": "tmux-256color", "SMALLWINS_CONFIG": str(tmp_path / "config.toml"),
           "LANG": "C.UTF-8"}
    tmux.start("exec " + sshd.ssh_command(app_command(data, env=env)))
    tmux.wait_for_text("0 of 1 done today", timeout=20)
    tmux.keys("space")
    tmux.wait_for_text("1 of 1 done today")
    [remote] = app_pids(data)
    os.kill(tmux.pid, signal.SIGKILL)  # the ssh client dies: sshd hangs the pty up
    wait_for(lambda: is_gone(remote), 10, f"remote app {remote} to end", sshd.describe)
    assert Win(1) in ladder_from_doc(DataFile(data).read()[ladder]).marks.values()
