"""Who may use `smallwins serve`: the token, where it comes from, and which hosts need one.

The token is the only thing between the network and someone's data, so it is
long and random, compared in constant time, and kept in a file only its owner
can read.  It comes from, in order: `SMALLWINS_SERVE_TOKEN`, the file
`serve-token` beside the config file, or a new random one that is saved in
that file, so a bookmark on a phone keeps working after a restart.  Deleting
the file makes a new token at the next start.

This module imports nothing of the web stack: the rules can be tested, and
bad input refused, before any of it is loaded.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path

from smallwins.core.errors import BadInput

TOKEN_ENV = "SMALLWINS_SERVE_TOKEN"
TOKEN_FILE = "serve-token"
MIN_LENGTH = 16
MAX_LENGTH = 256
# Characters that stand in a URL as they are, so the printed address is the token.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9._~-]+")
_WILDCARDS = ("", "0.0.0.0", "::")


class TokenError(BadInput):
    """A token (or its file) that cannot be used: bad input, exit 2."""


def token_path(config_file: Path) -> Path:
    """Where the token is kept: `serve-token` beside the config file."""
    return config_file.parent / TOKEN_FILE


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def is_wildcard(host: str) -> bool:
    """True when the host means every address of this machine."""
    return host.strip("[]") in _WILDCARDS


def check_token(token: str, source: str) -> str:
    """The token if it is long enough and URL-safe; TokenError naming `source` otherwise."""
    if not MIN_LENGTH <= len(token) <= MAX_LENGTH or not _TOKEN_SHAPE.fullmatch(token):
        raise TokenError(
            f"the token in {source} must be {MIN_LENGTH}-{MAX_LENGTH} characters of "
            "A-Z a-z 0-9 . _ ~ -: fix it, or remove it to get a random one"
        )
    return token


def matches(given: str | None, token: str) -> bool:
    """Constant-time comparison, so the answer's timing says nothing about the token."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


def choose_token(config_file: Path, env: Mapping[str, str]) -> tuple[str, str]:
    """The token to require and where it came from (for the startup message).

    Raises TokenError for an unusable variable or file: a server that falls
    back to another token than the one the user set would lock them out, or
    worse, in.
    """
    if TOKEN_ENV in env:
        return check_token(env[TOKEN_ENV].strip(), TOKEN_ENV), TOKEN_ENV
    path = token_path(config_file)
    try:
        return _read_token_file(path), str(path)
    except FileNotFoundError:
        pass
    token = secrets.token_urlsafe(24)
    try:
        _create_token_file(path, token)
    except FileExistsError:
        # Another server made it meanwhile: use theirs, so both accept one token.
        return _read_token_file(path), str(path)
    return token, f"{path}, made now"


def _read_token_file(path: Path) -> str:
    """The token in `path`; refuse a link, a file others may read, or someone else's."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise TokenError(f"cannot read the token file {path}: {exc.strerror or exc} "
                         "(it must be a plain file, not a link)") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise TokenError(f"the token file {path} is not a plain file: remove it")
        if info.st_uid != os.getuid():
            raise TokenError(f"the token file {path} belongs to another user: remove it")
        if info.st_mode & 0o077:
            raise TokenError(f"the token file {path} can be read by others: "
                             f"`chmod 600 {path}`, or remove it for a new token")
        text = handle.read(MAX_LENGTH + 2).decode("ascii", "replace")
    return check_token(text.strip(), str(path))


def _create_token_file(path: Path, token: str) -> None:
    """Write a new token file, 0600, never through a link and never over a file."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600)
    except FileExistsError:
        raise
    except OSError as exc:
        raise TokenError(f"cannot create the token file {path}: {exc.strerror or exc}; "
                         f"set {TOKEN_ENV} instead") from None
    try:
        os.write(fd, (token + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
