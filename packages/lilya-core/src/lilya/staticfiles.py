"""Serve files from directories (and packages' ``statics`` folders) as an ASGI app.

Safety first: the request path is checked as text before the filesystem is touched (NUL bytes,
backslashes, drive letters, UNC/absolute paths and ``..`` that would climb out are refused), and
the resolved file must still lie inside the served directory (so neither symlinks nor a sibling
directory sharing the prefix, ``/static`` vs ``/static-private``, can be reached). Anything that
is not a regular file inside the directory is a 404: no directory listing, and OS errors such as
ENAMETOOLONG or ENOTDIR are "not found". Responses carry ETag/Last-Modified, answer
``If-None-Match``/``If-Modified-Since`` with 304, and support byte ranges.
"""

from __future__ import annotations

import importlib.util
import os
import posixpath
import re
import stat
from email.utils import parsedate
from typing import Union

import anyio
import anyio.to_thread

from lilya._internal._path import get_route_path
from lilya.datastructures import URL, Header
from lilya.exceptions import ContinueRouting, HTTPException
from lilya.responses import FileResponse, RedirectResponse, Response
from lilya.types import Receive, Scope, Send

__all__ = [
    "URL",
    "ContinueRouting",
    "FileResponse",
    "HTTPException",
    "Header",
    "RedirectResponse",
    "Response",
    "StaticFiles",
    "StaticResponse",
    "get_route_path",
]

PathLike = Union[str, "os.PathLike[str]"]

_DRIVE = re.compile(r"^[A-Za-z]:")


class _UnsafePath(Exception):
    """The request path can never name a file inside the directory."""


class StaticResponse(Response):
    """``304 Not Modified`` keeping only the headers RFC 9110 allows on it."""

    NOT_MODIFIED_HEADERS: tuple[str, ...] = ("cache-control", "content-location", "date", "etag", "expires", "vary")

    def __init__(self, headers: Header) -> None:
        keep = {name: headers[name] for name in self.NOT_MODIFIED_HEADERS if name in headers}
        super().__init__(status_code=304, headers=keep)


class StaticFiles:
    """ASGI app serving files; mount it with ``Include("/static", app=StaticFiles(directory=...))``.

    ``html=True`` serves ``index.html`` for directories and ``404.html`` for misses;
    ``fall_through=True`` lets routing continue (``ContinueRouting``) instead of answering 404.
    """

    def __init__(
        self,
        *,
        directory: PathLike | list[PathLike] | tuple[PathLike, ...] | None = None,
        packages: list[str | tuple[str, str]] | None = None,
        html: bool = False,
        check_dir: bool = True,
        follow_symlink: bool = False,
        fall_through: bool = False,
    ) -> None:
        directories: list[PathLike] | None = None
        if directory:
            directories = list(directory) if isinstance(directory, (list, tuple)) else [directory]
        self.directory = directories
        self.packages = packages
        self.all_directories = self.get_directories(directories, packages)
        self.html = html
        self.fall_through = fall_through
        self.follow_symlink = follow_symlink
        self.config_checked = False
        if check_dir and directories is not None:
            for folder in directories:
                if not os.path.isdir(folder):
                    raise RuntimeError(f"Directory '{folder}' does not exist")
        # resolved once: every lookup checks containment against these (same resolution as
        # get_full_path, so a symlinked directory still contains its own files)
        resolve = os.path.abspath if follow_symlink else os.path.realpath
        self._roots = [resolve(folder) for folder in self.all_directories]

    def get_directories(
        self,
        directory: PathLike | list[PathLike] | tuple[PathLike, ...] | None = None,
        packages: list[str | tuple[str, str]] | None = None,
    ) -> list[PathLike]:
        """Every directory to serve from: the given ones, then each package's statics folder."""
        directories: list[PathLike] = []
        if directory:
            directories.extend(directory if isinstance(directory, (list, tuple)) else [directory])
        for package in packages or []:
            name, statics = package if isinstance(package, tuple) else (package, "statics")
            spec = importlib.util.find_spec(name)
            assert spec is not None and spec.origin is not None, f"Package {name!r} could not be found."
            folder = os.path.normpath(os.path.join(spec.origin, "..", statics))
            assert os.path.isdir(folder), f"Directory {statics!r} in package {name!r} could not be found."
            directories.append(folder)
        return directories

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http", "StaticFiles only serves HTTP requests."
        if not self.config_checked:
            await self.check_config()
            self.config_checked = True
        try:
            path = self.get_path(scope)
        except _UnsafePath:
            response = await self._missing(scope)
        else:
            response = await self.get_response(path, scope)
        await response(scope, receive, send)

    def get_route_path(self, scope: Scope) -> str:
        return get_route_path(scope)

    def get_path(self, scope: Scope) -> str:
        """The request path as a relative, normalised OS path; unsafe paths are refused here."""
        route_path = self.get_route_path(scope)
        if "\x00" in route_path or "\\" in route_path or route_path.startswith("//"):
            raise _UnsafePath(route_path)
        normalised = posixpath.normpath("/" + route_path.lstrip("/")).lstrip("/")
        if normalised in ("", "."):
            return "."
        parts = normalised.split("/")
        if ".." in parts or _DRIVE.match(parts[0]):
            raise _UnsafePath(route_path)
        return os.path.join(*parts)

    async def get_response(self, path: str, scope: Scope) -> Response:
        """The response for a (safe, relative) path: file, index page, redirect, 304 or 404."""
        if scope["method"] not in ("GET", "HEAD"):
            raise HTTPException(status_code=405, headers={"allow": "GET, HEAD"})
        try:
            full_path, stat_result = await anyio.to_thread.run_sync(self.lookup_path, path)
        except PermissionError:
            raise HTTPException(status_code=401) from None
        if stat_result is not None and stat.S_ISREG(stat_result.st_mode):
            return self.file_response(full_path, stat_result, scope)
        if stat_result is not None and stat.S_ISDIR(stat_result.st_mode) and self.html:
            index_path = os.path.join(path, "index.html")
            full_path, stat_result = await anyio.to_thread.run_sync(self.lookup_path, index_path)
            if stat_result is not None and stat.S_ISREG(stat_result.st_mode):
                if not scope["path"].endswith("/"):
                    return RedirectResponse(url=_slash_redirect_target(scope))
                return self.file_response(full_path, stat_result, scope)
        return await self._missing(scope)

    async def _missing(self, scope: Scope) -> Response:
        if self.fall_through:
            raise ContinueRouting()
        if self.html:
            full_path, stat_result = await anyio.to_thread.run_sync(self.lookup_path, "404.html")
            if stat_result is not None and stat.S_ISREG(stat_result.st_mode):
                return FileResponse(full_path, stat_result=stat_result, status_code=404)
        raise HTTPException(status_code=404)

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        """First directory holding ``path`` (as a file or directory inside it), with its stat."""
        for directory, root in zip(self.all_directories, self._roots):
            full_path = self.get_full_path(directory, path)
            if not self._is_inside(full_path, root):
                continue
            stat_result = self.get_stat_result(full_path)
            if stat_result is not None:
                return full_path, stat_result
        return "", None

    @staticmethod
    def _is_inside(full_path: str, root: str) -> bool:
        return full_path == root or full_path.startswith(root.rstrip(os.sep) + os.sep)

    def get_full_path(self, directory: PathLike, path: str) -> str:
        joined = os.path.join(directory, path)
        if self.follow_symlink:
            return os.path.abspath(joined)
        return os.path.realpath(joined)

    def get_stat_result(self, full_path: str) -> os.stat_result | None:
        try:
            return os.stat(full_path)
        except PermissionError:
            raise
        except (OSError, ValueError):
            # missing, ENOTDIR, ENAMETOOLONG, ELOOP...: all mean "no such file" to a client
            return None

    def file_response(
        self, full_path: str, stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = FileResponse(full_path, status_code=status_code, stat_result=stat_result)
        if self.is_not_modified(response.headers, Header.from_scope(scope)):
            return StaticResponse(response.headers)
        return response

    def _check_dirs(self) -> None:
        for directory in self.directory or ():
            try:
                stat_result = os.stat(directory)
            except FileNotFoundError:
                raise RuntimeError(f"StaticFiles directory '{directory}' does not exist.") from None
            if not stat.S_ISDIR(stat_result.st_mode):
                raise RuntimeError(f"StaticFiles path '{directory}' is not a directory.")

    async def check_config(self) -> None:
        """Fail loudly once if a configured directory vanished, instead of answering 404s."""
        if self.directory is None:
            return
        await anyio.to_thread.run_sync(self._check_dirs)

    def is_not_modified(self, response_headers: Header, request_headers: Header) -> bool:
        """``If-None-Match`` (weak comparison) wins; otherwise ``If-Modified-Since``."""
        if_none_match = request_headers.get("if-none-match")
        if if_none_match is not None:
            etag = _opaque_tag(response_headers.get("etag") or "")
            tags = {_opaque_tag(tag) for tag in if_none_match.split(",")}
            return "*" in tags or (bool(etag) and etag in tags)
        if_modified_since = request_headers.get("if-modified-since")
        last_modified = response_headers.get("last-modified")
        if if_modified_since and last_modified:
            since, modified = parsedate(if_modified_since), parsedate(last_modified)
            return since is not None and modified is not None and since >= modified
        return False


def _opaque_tag(tag: str) -> str:
    tag = tag.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    return tag.strip('"')


def _slash_redirect_target(scope: Scope) -> str:
    """``path/`` (plus the query) as a relative reference: the Host header never picks the target."""
    target: str = scope["path"] + "/"
    if target.startswith("//"):
        target = "/%2F" + target[2:]  # never a protocol-relative URL
    query = scope.get("query_string", b"")
    if query:
        target += "?" + (query.decode("latin-1") if isinstance(query, bytes) else str(query))
    return target
