"""Assembles and runs ``enginemind serve``: database, migrations, services, worker, discovery file."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import signal
import time
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from enginemind import API_VERSION, __version__
from enginemind.db.embedded import EmbeddedPostgres
from enginemind.db.migrate import migrate
from enginemind.db.pool import Database
from enginemind.errors import FailedPrecondition, InvalidInput
from enginemind.families import list_families
from enginemind.jobs.worker import Worker
from enginemind.server import discovery
from enginemind.server.auth import TokenAuthInterceptor, ensure_token, read_token
from enginemind.server.context import App, ServerSettings
from enginemind.server.errors import map_errors
from enginemind.server.events import EventHub
from enginemind.server.spec import ServiceSpec
from enginemind.server.supervisor import DatabaseSupervisor
from enginemind.v1 import jobs_pb2, jobs_pb2_grpc, models_pb2, models_pb2_grpc, session_pb2, session_pb2_grpc

log = logging.getLogger(__name__)


def _service_table() -> list[ServiceSpec]:
    from enginemind.server.jobs_service import JobsService
    from enginemind.server.models_service import ModelsService
    from enginemind.server.session_service import SessionService

    specs = [
        ServiceSpec.of(session_pb2, session_pb2_grpc, "Session", "session",
                       lambda app, shared: SessionService(app, shared["capabilities"])),
        ServiceSpec.of(jobs_pb2, jobs_pb2_grpc, "Jobs", "jobs", lambda app, shared: JobsService(app, shared["hub"])),
        ServiceSpec.of(models_pb2, models_pb2_grpc, "Models", "models", lambda app, shared: ModelsService(app)),
    ]
    specs += _family_services()
    return specs


def _family_services() -> list[ServiceSpec]:
    """Services named by the family records."""
    return [spec for spec in (f.service_spec() for f in list_families()) if spec is not None]


def check_bind(host: str, allow_remote: bool) -> None:
    """Refuse a non-loopback address unless explicitly allowed."""
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        raise InvalidInput(f"--host must be an IP address or 'localhost', got '{host}'") from None
    if not loopback and not allow_remote:
        raise FailedPrecondition(
            f"refusing to bind {host}: other machines could reach the server. Pass --allow-remote "
            "(and keep the token secret) if that is what you want"
        )


class Server:
    """A running backend; ``start()`` then ``wait()``/``stop()``. Also used in-process by tests."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.lock = discovery.ServerLock(settings.data_dir)
        self.embedded: EmbeddedPostgres | None = None
        self.app: App | None = None
        self.grpc_server: grpc.aio.Server | None = None
        self.worker: Worker | None = None
        self.hub: EventHub | None = None
        self.supervisor: DatabaseSupervisor | None = None
        self.health = health.aio.HealthServicer()
        self.port = 0
        self.services: list[Any] = []

    async def start(self) -> int:
        t0 = time.perf_counter()
        s = self.settings
        check_bind(s.host, s.allow_remote)
        s.data_dir.mkdir(parents=True, exist_ok=True)
        self.lock.acquire()
        try:
            return await self._start(t0)
        except BaseException:
            await self.stop()
            raise

    async def _start(self, t0: float) -> int:
        s = self.settings
        token = read_token(ensure_token(s.data_dir))
        url = s.database_url
        if not url:
            self.embedded = EmbeddedPostgres(s.data_dir)
            url = await asyncio.to_thread(self.embedded.start)
        db = await asyncio.to_thread(lambda: Database(url, max_size=12, timeout_s=2.5).open())
        self.app = App(settings=s, db=db, database_kind="external" if s.database_url else "embedded")
        with db.connection() as conn:
            applied = await asyncio.to_thread(migrate, conn)
        if applied:
            log.info("applied migrations: %s", ", ".join(applied))
        self.hub = EventHub(url)
        self.hub.start()

        limit = s.max_message_mb * 1024 * 1024
        self.grpc_server = grpc.aio.server(
            interceptors=[TokenAuthInterceptor(token)],
            options=[("grpc.max_receive_message_length", limit), ("grpc.max_send_message_length", limit)],
        )
        specs = _service_table()
        capabilities = [spec.capability for spec in specs] + ["health", "reflection", "job_artifacts"]
        capabilities += [f"family:{f.name}" for f in list_families()]
        shared = {"hub": self.hub, "capabilities": capabilities}
        for spec in specs:
            servicer = map_errors(spec.build(self.app, shared), spec.base)
            spec.add(servicer, self.grpc_server)
            self.services.append(servicer)
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.grpc_server)
        names = [spec.full_name for spec in specs] + [health.SERVICE_NAME, reflection.SERVICE_NAME]
        reflection.enable_server_reflection(names, self.grpc_server)
        self.port = self.grpc_server.add_insecure_port(f"{_bind_host(s.host)}:{s.port}")
        if self.port == 0:
            raise FailedPrecondition(f"could not bind {s.host}:{s.port}; is the port in use?")
        for servicer in self.services:
            if hasattr(servicer, "start"):
                await servicer.start()
        await self.grpc_server.start()

        if s.worker_slots:
            self.worker = Worker(db, s.data_dir, slots=s.worker_slots).start()
        await self.health.set("", health_pb2.HealthCheckResponse.SERVING)
        self.supervisor = DatabaseSupervisor(db, self._set_serving, self.embedded).start()
        discovery.write(s.data_dir, discovery.Discovery(
            host=s.host, port=self.port, pid=os.getpid(), api_version=API_VERSION, version=__version__,
            token_file=str(s.data_dir / "token"), database=self.app.database_kind, started_at=time.time(),
        ))
        log.info("EngineMind %s serving on %s:%s in %.2fs (data dir %s, %s database)",
                 __version__, s.host, self.port, time.perf_counter() - t0, s.data_dir, self.app.database_kind)
        return self.port

    async def stop(self, grace_s: float = 5.0) -> None:
        """Stop in reverse order; running jobs checkpoint and go back to the queue."""
        if self.supervisor is not None:
            await self.supervisor.stop()
        await self.health.enter_graceful_shutdown()
        if self.grpc_server is not None:
            await self.grpc_server.stop(grace_s)
        if self.worker is not None:
            await asyncio.to_thread(self.worker.stop)
        for servicer in self.services:
            if hasattr(servicer, "stop"):
                await servicer.stop()
        if self.hub is not None:
            await self.hub.stop()
        if self.app is not None:
            await asyncio.to_thread(self.app.db.close)
            self.app.close()
        discovery.remove(self.settings.data_dir, os.getpid())
        if self.embedded is not None:
            await asyncio.to_thread(self.embedded.stop)
        self.lock.release()
        self.grpc_server = self.worker = self.hub = self.app = self.embedded = self.supervisor = None

    async def _set_serving(self, serving: bool) -> None:
        """Health follows the database (see server/supervisor.py)."""
        status = health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING
        await self.health.set("", status)


def _bind_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


async def serve_forever(settings: ServerSettings) -> None:
    """Run until SIGINT/SIGTERM, then shut down cleanly."""
    server = Server(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await server.start()
    print(f"EngineMind serving on {settings.host}:{server.port} (data dir {settings.data_dir}); Ctrl-C stops",
          flush=True)
    await stop.wait()
    log.info("shutting down")
    await server.stop()
