"""The live-conversation server: the browser page, its WebSocket, the telephony media stream, health
and metrics, in one FastAPI app.

``create_app`` takes the agent factory as an argument, so tests run the real server with a fake agent
and ``serve`` wires the real one: models load once per process (in a thread, while the page is
already reachable) and every connection builds its own agent from the shared pool.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import socket
import threading
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, WebSocket
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from chinwag.agents.base import Agent
from chinwag.errors import ModelError
from chinwag.io.browser_socket import handle_browser_socket
from chinwag.io.live_call import RecordWriter, SessionRecords
from chinwag.io.protocol import Limits
from chinwag.io.state import AgentFactory, ArchitectureInfo, ServerState
from chinwag.io.telephony import handle_telephony_socket

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
SAMPLE_CALLER_PATH = Path(__file__).parent.parent / "data" / "sample_caller.wav"
WS_MAX_SIZE_BYTES = 1024 * 1024  # hard cap in uvicorn; the protocol's own limits are far lower
NO_CACHE = {"Cache-Control": "no-cache"}


def known_architectures() -> list[ArchitectureInfo]:
    """``chinwag.agents.factory.ARCHITECTURES`` as the page shows it."""
    try:
        from chinwag.agents.factory import ARCHITECTURES
    except ImportError:
        return [ArchitectureInfo("cascaded", True, "")]
    return [ArchitectureInfo(name, bool(available), str(description))
            for name, (available, description) in ARCHITECTURES.items()]


def create_app(agent_factory: AgentFactory, token: str, allowed_origins: Sequence[str] = (),
               records: SessionRecords | None = None, *, default_arch: str = "cascaded",
               architectures: Sequence[ArchitectureInfo] | None = None, limits: Limits | None = None,
               sample_caller_path: Path | None = None,
               record_config: dict[str, Any] | None = None) -> FastAPI:
    """``agent_factory(arch)`` builds a fresh agent per call (it runs in a worker thread). ``records``
    is a ``RecordStore`` (or anything with its three methods); ``allowed_origins`` are extra browser
    origins besides the server's own."""
    if not token:
        raise ValueError("the server needs a token; serve() makes one with secrets.token_urlsafe()")
    state = ServerState(
        agent_factory=agent_factory, token=token, allowed_origins=tuple(allowed_origins),
        limits=limits or Limits(), default_arch=default_arch,
        architectures=list(architectures) if architectures is not None else known_architectures(),
        records=RecordWriter(records) if records is not None else None, record_config=record_config or {},
    )
    caller_path = sample_caller_path or SAMPLE_CALLER_PATH

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        for call in list(state.calls):  # shutting down: end every call so its record is closed
            await call.stop()

    app = FastAPI(title="chinwag", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.chinwag = state
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers=NO_CACHE)

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"ok": True, "sessions": len(state.calls),
                "models_ready": bool(getattr(agent_factory, "ready", True))}

    @app.get("/metrics")
    async def metrics() -> PlainTextResponse:
        return PlainTextResponse(state.metrics.render(), media_type="text/plain; version=0.0.4")

    @app.get("/api/architectures")
    async def list_architectures() -> dict[str, Any]:
        return {"default": state.default_arch, "architectures": [a.to_dict() for a in state.architectures]}

    @app.get("/api/sample-caller.wav", response_model=None)
    async def sample_caller() -> Response:
        if not caller_path.is_file():
            return JSONResponse({"error": f"no sample caller recording at {caller_path}"}, status_code=404)
        return FileResponse(caller_path, media_type="audio/wav")

    @app.websocket("/ws")
    async def browser_socket(ws: WebSocket) -> None:
        await handle_browser_socket(ws, state)

    @app.websocket("/telephony")
    async def telephony_socket(ws: WebSocket) -> None:
        await handle_telephony_socket(ws, state)

    return app


class PooledAgentFactory:
    """Loads the model pool once, in a background thread, and builds one agent per call from it.

    Calls that arrive while the models load wait (in their worker thread) until they are ready.
    """

    def __init__(self, config: Any) -> None:
        self._config = config
        self._loaded = threading.Event()
        self._pool: Any = None
        self._error: BaseException | None = None
        threading.Thread(target=self._load, name="chinwag-model-pool", daemon=True).start()

    def _load(self) -> None:
        try:
            from chinwag.agents.factory import ModelPool

            self._pool = ModelPool.load(self._config)
            log.info("models loaded")
        except BaseException as exc:
            log.exception("models failed to load")
            self._error = exc
        finally:
            self._loaded.set()

    @property
    def ready(self) -> bool:
        return self._loaded.is_set() and self._error is None

    def __call__(self, arch: str) -> Agent:
        self._loaded.wait()
        if self._error is not None:
            raise ModelError(f"the models failed to load ({self._error}); see the server log")
        from chinwag.agents.factory import build_agent

        return build_agent(arch, self._pool)


def _open_records(url: str | None) -> Any:
    try:
        from chinwag.record.store import RecordStore
    except ImportError:
        log.warning("chinwag.record is not available; sessions will not be recorded")
        return None
    store = RecordStore(url)
    interrupted = store.mark_interrupted_sessions()
    if interrupted:
        log.warning("%d sessions left running by an earlier server were marked interrupted", len(interrupted))
    return store


def serve(host: str = "127.0.0.1", port: int = 8765, arch: str = "cascaded", token: str | None = None,
          config_path: str | None = None, allowed_origins: Sequence[str] = ()) -> None:
    """Run the server until Ctrl-C. Prints the page's URL, token included."""
    import uvicorn

    from chinwag.config import load_config

    config = load_config(config_path)
    token = token or secrets.token_urlsafe(16)
    records = _open_records(config.records.database_url)
    app = create_app(PooledAgentFactory(config), token, allowed_origins, records, default_arch=arch,
                     record_config=config.to_dict())
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"chinwag is listening (models are loading in the background): "
          f"http://{shown_host}:{bound_port}/?token={token}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="info", ws_max_size=WS_MAX_SIZE_BYTES))
    try:
        server.run(sockets=[sock])
    finally:
        if records is not None:
            records.close()


class BackgroundServer:
    """Runs an app with uvicorn in a thread: for tests and embedding. Binds port 0 by default, so
    parallel runs never collide; ``url`` says where it ended up."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> None:
        import uvicorn

        self._sock = socket.socket(socket.AF_INET)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.host, self.port = host, self._sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws_max_size=WS_MAX_SIZE_BYTES))
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._sock]},
                                        name="chinwag-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    def __enter__(self) -> BackgroundServer:
        self._thread.start()
        if not self._wait_started(timeout_s=20.0):
            raise RuntimeError("the chinwag server did not start within 20 s; see the log above")
        return self

    def _wait_started(self, timeout_s: float) -> bool:
        deadline = threading.Event()
        for _ in range(int(timeout_s / 0.02)):
            if self.server.started or not self._thread.is_alive():
                break
            deadline.wait(0.02)
        return bool(self.server.started)

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=15.0)
        self._sock.close()
