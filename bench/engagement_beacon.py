"""The view beacon under load on the production server set-up, against trivial 204 endpoints on the same server.

Run from the repository root: ``.venv/bin/python bench/engagement_beacon.py [--seconds 10] [--repeat 2]``.

Set-up: granian as docs/operations.md runs it (``SERVER`` below: WSGI interface, 2 workers x 4 blocking
threads) serving ``fireside.wsgi`` (the beacon fast path in front of Django) with the production settings, plus a
bench-only layer (``bench/engagement_server``) with two baselines: ``/bench/raw-204/``, a bare WSGI callable
(the least any request costs on this server), and ``/bench/no-content/``, a Django view returning 204 behind the
full middleware stack. PostgreSQL (a scratch ``test_fs_engagement_bench`` database) and Redis
(``FIRESIDE_BENCH_REDIS_URL``, default redis://127.0.0.1:6390/3, keys under a prefix of their own, deleted
afterwards). The load generator is ``wrk`` (Debian package ``wrk``): 2 threads, 64 connections, each request a
different reader (its own X-Forwarded-For address behind one trusted proxy; a dozen real-world browser user
agents), all reading one story, as in a viral spike. The three endpoints are measured in interleaved rounds, so
load from elsewhere on the machine hits them alike; wrk runs on the same machine and takes its share of the CPUs.

Printed per round: requests/s and latency percentiles of the three endpoints, the beacon's throughput as a ratio
of each baseline (target >= 0.5 against the trivial endpoint of the app, the Django 204; the bare WSGI 204
is printed beside it for scale: served by Rust, it costs the workers about 20 us, so no Python endpoint comes
near half of it) and its p99 (target < 20 ms); then the SQL statements the
workers ran during the runs (target: 0 writes) and the counts: views buffered in Redis against beacon
responses, then flushed to the database.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",  # noqa: E501
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",  # noqa: E501
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",  # noqa: E501
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",  # noqa: E501
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",  # noqa: E501
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",  # noqa: E501
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",  # noqa: E501
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; moto g) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",  # noqa: E501
]
# The production server command of docs/operations.md ("Running the app server"); keep the two in step.
SERVER = {"workers": 2, "threads": 4}
WRK_SCRIPT = r"""
local agents = {AGENTS}
local thread_number = 0
function setup(thread)
  thread_number = thread_number + 1
  thread:set("id", thread_number)
end
function init(args)
  path = args[1]
  body = "t=" .. args[2]
  run = tonumber(args[3])
  counter = 0
end
function request()
  counter = counter + 1
  local ip = string.format("10.%d.%d.%d", (run * 8 + id) % 250, math.floor(counter / 250) % 250, counter % 250 + 1)
  local headers = {}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["User-Agent"] = agents[(math.floor(counter / 62500) % #agents) + 1]
  headers["X-Forwarded-For"] = ip
  return wrk.format("POST", path, headers, body)
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workers_cpu_seconds(server_pid: int) -> float:
    """CPU time (user + system) used so far by the server's worker processes, from /proc (Linux)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that just ended
        if int(fields[1]) == server_pid:  # ppid
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def parse_wrk(output: str) -> dict:
    def seconds(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]

    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    figures["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    for pct in ("50", "90", "99"):
        figures[f"p{pct}"] = seconds(re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", output, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    figures["non2xx"] = int(errors.group(1)) if errors else 0
    socket_errors = re.search(r"Socket errors: (.*)", output)
    figures["socket_errors"] = socket_errors.group(1) if socket_errors else "none"
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=SERVER["workers"])
    parser.add_argument("--threads", type=int, default=SERVER["threads"])
    parser.add_argument("--repeat", type=int, default=2, help="measure the three endpoints this many times")
    args = parser.parse_args()
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    wrk_path = shutil.which("wrk")
    if not wrk_path:
        print("Beacon benchmark: skipped, `wrk` is not installed (apt-get install wrk).")
        return
    redis_url = os.environ.get("FIRESIDE_BENCH_REDIS_URL", "redis://127.0.0.1:6390/3")
    postgres = os.environ.get(
        "FIRESIDE_BENCH_POSTGRES_URL", "postgres://fireside:fireside@127.0.0.1:5432/fs_engagement_bench"
    )
    prefix = f"fireside-bench:{uuid.uuid4().hex}:"

    os.environ["DJANGO_SETTINGS_MODULE"] = "fireside.settings.test"
    os.environ["FIRESIDE_TEST_DATABASE_URL"] = postgres
    import django

    django.setup()
    import logging

    # Creating the bench story queues a search-index task another app owns; its noise is not this benchmark's.
    logging.getLogger("django_tasks").setLevel(logging.CRITICAL)
    import redis

    from django.core import signing
    from django.db import connection

    from fireside.engagement import buffer as buffers
    from fireside.engagement import readers
    from fireside.engagement.models import StoryDaily
    from fireside.engagement.services import views_flush

    counter = redis.Redis.from_url(redis_url)
    try:
        counter.ping()
    except redis.RedisError as error:
        print(f"Beacon benchmark: skipped, Redis at {redis_url} unreachable ({error}).")
        return
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    server = None
    workdir = Path(tempfile.mkdtemp(prefix="fireside-beacon-"))
    try:
        from wagtail.models import Page

        from fireside.stories.models import SectionPage, StoryPage

        root = Page.get_first_root_node()
        section = root.add_child(instance=SectionPage(title="Bench", slug="bench", description="Bench."))
        story = section.add_child(
            instance=StoryPage(title="Viral", slug="viral", standfirst="A story.", body="<p>Going viral.</p>")
        )
        secret_key = secrets.token_urlsafe(50)
        token = signing.TimestampSigner(key=secret_key, salt=readers._TOKEN_SALT).sign(str(story.pk))
        port = free_port()
        db = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "engagement_server.settings",
            "PYTHONPATH": str(ROOT / "bench") + os.pathsep + str(ROOT),
            "SECRET_KEY": secret_key,
            "HTTPS": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{test_db}",
            "REDIS_URL": redis_url,
            "FIRESIDE_ENGAGEMENT_REDIS_PREFIX": prefix,
            "FIRESIDE_BENCH_COUNTER_URL": redis_url,
            "FIRESIDE_ENGAGEMENT_FLUSH_THREAD": "false",  # the flush runs once, after the load, and is counted
            "FIRESIDE_ENGAGEMENT_RANGE_CAP": str(10**9),  # every simulated reader has its own address
            "FIRESIDE_TRUSTED_PROXY_COUNT": "1",  # as behind the production reverse proxy
            "PYTHONWARNINGS": "ignore::UserWarning",  # WhiteNoise: no collectstatic for a bench
        }
        env.pop("FIRESIDE_TEST_DATABASE_URL", None)
        server = subprocess.Popen(  # noqa: S603 - our own virtualenv's granian
            [
                str(Path(sys.executable).parent / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--blocking-threads",
                str(args.threads),
                "--backlog",
                "2048",
                "--log-level",
                "warning",
                "engagement_server.wsgi:application",
            ],
            env=env,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/bench/no-content/", timeout=2)  # noqa: S310 - loopback
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("granian did not start") from None
                time.sleep(0.3)
        script = workdir / "beacon.lua"
        script.write_text(WRK_SCRIPT.replace("{AGENTS}", "{" + ", ".join(f'"{a}"' for a in AGENTS) + "}"))

        def wrk(path: str, seconds: int, run: int, connections: int = args.connections) -> dict:
            cpu_before = workers_cpu_seconds(server.pid)
            output = subprocess.run(  # noqa: S603
                [
                    wrk_path,
                    "-t2",
                    f"-c{connections}",
                    f"-d{seconds}s",
                    "--latency",
                    "--timeout",
                    "5s",
                    "-s",
                    str(script),
                    base,
                    "--",
                    path,
                    token,
                    str(run),
                ],
                capture_output=True,
                text=True,
                timeout=seconds + 30,
                check=True,
            ).stdout
            figures = parse_wrk(output)
            # CPU per request barely depends on what else the machine runs, unlike latency and throughput.
            figures["cpu_us"] = (
                (workers_cpu_seconds(server.pid) - cpu_before) / max(1, figures["requests"]) * 1e6
            )
            return figures

        # Warm-up: every worker imports, connects and compiles its Lua script once.
        wrk("/bench/raw-204/", 2, 0)
        wrk("/bench/no-content/", 2, 0)
        wrk("/engagement/view/", 2, 1)
        views_before = sum(
            int(v) for k, v in counter.hgetall(prefix + "pending").items() if k.endswith(b"|v")
        )
        sql_before = int(counter.get(prefix + "bench:sql") or 0)
        writes_before = int(counter.get(prefix + "bench:writes") or 0)
        rounds = []
        for n in range(args.repeat):
            # Interleaved, so a burst of load from elsewhere on the machine hits all three alike.
            rounds.append(
                {
                    "raw": wrk("/bench/raw-204/", args.seconds, 10 + 3 * n),
                    "django": wrk("/bench/no-content/", args.seconds, 11 + 3 * n),
                    "beacon": wrk("/engagement/view/", args.seconds, 12 + 3 * n),
                }
            )
        time.sleep(0.5)  # the workers send their last queued views to Redis (write-behind, every 50 ms)
        pending = {k.decode(): int(v) for k, v in counter.hgetall(prefix + "pending").items()}
        views = sum(v for k, v in pending.items() if k.endswith("|v")) - views_before
        # The same at low concurrency: latency without queueing, i.e. what one request costs.
        light = {
            "raw": wrk("/bench/raw-204/", 3, 4, connections=4),
            "django": wrk("/bench/no-content/", 3, 6, connections=4),
            "beacon": wrk("/engagement/view/", 3, 5, connections=4),
        }
        sql = int(counter.get(prefix + "bench:sql") or 0) - sql_before
        writes = int(counter.get(prefix + "bench:writes") or 0) - writes_before
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
    try:
        buffers.set_buffer(buffers.RedisBuffer(redis_url, prefix=prefix))
        flushed = views_flush()
        row = StoryDaily.objects.get(story_id=story.pk)
    finally:
        keys = list(counter.scan_iter(match=prefix + "*", count=1000))
        if keys:
            counter.delete(*keys)
        connection.creation.destroy_test_db(test_db, verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"Beacon benchmark: granian (WSGI) {args.workers} workers x {args.threads} blocking threads, "
        f"PostgreSQL, Redis; wrk 2 threads, {args.connections} connections, "
        f"{args.seconds}s per endpoint, {args.repeat} interleaved rounds; {os.cpu_count()} CPUs, "
        f"load average before: {load_before}"
    )
    print(
        "  endpoints: raw 204 = bare WSGI callable in the same server; django 204 = a view behind the full "
        "middleware stack; beacon = the production view beacon (fireside/wsgi.py)"
    )
    answered = 0
    for n, result in enumerate(rounds, 1):
        for label in ("raw", "django", "beacon"):
            figures = result[label]
            print(
                f"  round {n} {label:>6} 204: {figures['rps']:7.0f} req/s  p50 {figures['p50']:6.2f} ms  "
                f"p90 {figures['p90']:6.2f} ms  p99 {figures['p99']:6.2f} ms  "
                f"worker CPU {figures['cpu_us']:4.0f} us/req  ({figures['requests']} requests, "
                f"non-2xx {figures['non2xx']}, socket errors: {figures['socket_errors']})"
            )
        beacon = result["beacon"]
        answered += beacon["requests"]
        raw_ratio = beacon["rps"] / result["raw"]["rps"]
        django_ratio = beacon["rps"] / result["django"]["rps"]
        print(
            f"  round {n}: beacon / raw 204 {raw_ratio:.2f}, beacon / django 204 {django_ratio:.2f} "
            f"(target >= 0.50 against the django 204: {'PASS' if django_ratio >= 0.5 else 'FAIL'}); beacon p99 "
            f"{beacon['p99']:.2f} ms (target < 20 ms: {'PASS' if beacon['p99'] < 20 else 'FAIL'}), "
            f"raw 204 p99 {result['raw']['p99']:.2f} ms"
        )
    for label, figures in light.items():
        print(
            f"  at 4 connections, {label:>6}: {figures['rps']:6.0f} req/s  p50 {figures['p50']:5.2f} ms  "
            f"p99 {figures['p99']:5.2f} ms  worker CPU {figures['cpu_us']:4.0f} us/req"
        )
    print(
        f"  SQL run by the workers during all runs: {sql} statements, {writes} writes "
        f"(target 0 writes: {'PASS' if writes == 0 else 'FAIL'})"
    )
    print(
        f"  counted in the {args.connections}-connection runs: {views} views buffered for {answered} "
        "beacon responses (wrk stops with some requests in flight, so buffered >= answered)"
    )
    print(
        f"  flush afterwards (warm-up and all runs): {flushed.views} views in {flushed.rows} row(s) in "
        f"{flushed.seconds * 1000:.0f} ms; database row: views {row.views}, unique readers {row.unique_readers}"
    )


if __name__ == "__main__":
    main()
