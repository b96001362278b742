#!/usr/bin/env python3
"""The edit loop, measured as a developer lives it (scripts/bench --edit-loop).

Starts `cargo leptos watch` at the repository root on free ports (with the
dev identity provider), waits until it serves, then makes a few edits of
each kind in the working tree and times each from the moment the file is
written until the server answers with the change:

- page:    an attribute in a component's `view!` (src/pages/home.rs); done
           when the home page's HTML carries it (server and browser halves
           rebuilt by the watcher);
- server:  a log message in server-only code (core/src/oidc/discovery.rs, the
           protocol module); done when a new server process answers;
- message: a message file (locales/en.json); done when the page shows it.

Prints each time and the median of each kind. Every edit is undone at the
end, whatever happens. EDIT_LOOP_ROUNDS sets the edits per kind (3).
"""

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROUNDS = int(os.environ.get("EDIT_LOOP_ROUNDS", "3"))
FIRST_BUILD_LIMIT = 1800
EDIT_LIMIT = 300


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except Exception:
        return None, ""


def listener_pid(port):
    """The pid of the process listening on 127.0.0.1:port, if any."""
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    match = re.search(r"pid=(\d+)", out)
    return int(match.group(1)) if match else None


class Edit:
    """A file and how to change it for round n; restores the original."""

    def __init__(self, kind, path, old, new_for):
        self.kind, self.path, self.old, self.new_for = kind, os.path.join(ROOT, path), old, new_for
        with open(self.path, encoding="utf-8") as f:
            self.original = f.read()
        if self.original.count(old) != 1:
            raise SystemExit(f"edit-loop: {path} no longer holds {old!r} exactly once; update benches/edit_loop.py")

    def apply(self, n):
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(self.original.replace(self.old, self.new_for(n)))

    def restore(self):
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(self.original)


def main():
    app_port, reload_port, idp_port = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{app_port}"
    tag = str(int(time.time()) % 100000)
    edits = [
        Edit("page", "src/pages/home.rs", "<h1>{td_string!(locale, home.heading)}</h1>",
             lambda n: f'<h1 data-edit="{tag}-{n}">{{td_string!(locale, home.heading)}}</h1>'),
        Edit("server", "core/src/oidc/discovery.rs", '"loaded identity provider metadata and signing keys"',
             lambda n: f'"loaded identity provider metadata and signing keys (edit {tag}-{n})"'),
        Edit("message", "locales/en.json", '"heading": "Books worth keeping"',
             lambda n: f'"heading": "Books worth keeping {tag}-{n}"'),
    ]
    env = dict(os.environ)
    env.update({
        "LEPTOS_SITE_ADDR": f"127.0.0.1:{app_port}",
        "LEPTOS_RELOAD_PORT": str(reload_port),
        "LOGTO_ENDPOINT": f"http://127.0.0.1:{idp_port}",
        "LOGTO_APP_ID": "bookstore-dev",
        "LOGTO_APP_SECRET": "bookstore-dev-secret",
        "DATABASE_URL": f"sqlite://{ROOT}/target/edit-loop.db?mode=rwc",
        "BOOKSTORE_MAIL": "off",
        "RUST_LOG": "warn",
    })
    logs = open(os.path.join(ROOT, "target", "edit-loop.log"), "w")
    idp = subprocess.Popen(["node", "end2end/idp/server.mjs"], cwd=ROOT, stdout=logs, stderr=logs,
                           env={**env, "IDP_PORT": str(idp_port),
                                "IDP_REDIRECT_URIS": f"http://127.0.0.1:{app_port}/callback"})
    watch = subprocess.Popen(["cargo", "leptos", "watch"], cwd=ROOT, stdout=logs, stderr=logs, env=env,
                             start_new_session=True)
    times = {e.kind: [] for e in edits}
    try:
        start = time.monotonic()
        log_path = os.path.join(ROOT, "target", "edit-loop.log")
        while fetch(base + "/")[0] != 200:
            with open(log_path, encoding="utf-8", errors="replace") as log:
                refused = "cannot start" in log.read()
            if refused or watch.poll() is not None or time.monotonic() - start > FIRST_BUILD_LIMIT:
                raise SystemExit("edit-loop: cargo leptos watch did not serve; see target/edit-loop.log")
            time.sleep(0.5)
        print(f"first build and serve: {time.monotonic() - start:.1f} s", flush=True)
        time.sleep(3)  # let the watcher settle
        for n in range(1, ROUNDS + 1):
            for edit in edits:
                before = listener_pid(app_port)
                edit.apply(n)
                t0 = time.monotonic()
                marker = f"{tag}-{n}"
                while True:
                    if time.monotonic() - t0 > EDIT_LIMIT:
                        raise SystemExit(f"edit-loop: the {edit.kind} edit was not served in {EDIT_LIMIT} s")
                    if edit.kind == "server":
                        pid = listener_pid(app_port)
                        if pid and pid != before and fetch(base + "/")[0] == 200:
                            break
                    else:
                        status, body = fetch(base + "/")
                        if status == 200 and marker in body:
                            break
                    time.sleep(0.1)
                took = time.monotonic() - t0
                times[edit.kind].append(took)
                print(f"{edit.kind:8} edit {n}: {took:.1f} s", flush=True)
                # Back to the original, rebuilt and served by a new process, before the next edit.
                served_by = listener_pid(app_port)
                edit.restore()
                settle = time.monotonic()
                while time.monotonic() - settle < EDIT_LIMIT:
                    pid = listener_pid(app_port)
                    status, body = fetch(base + "/")
                    if pid and pid != served_by and status == 200 and marker not in body:
                        break
                    time.sleep(0.2)
                time.sleep(2)
    finally:
        for edit in edits:
            edit.restore()
        try:
            os.killpg(watch.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        idp.terminate()
        watch.wait(timeout=30)
    print()
    print("edit to served, median (target <= 5 s):")
    summary = {}
    for kind, values in times.items():
        summary[kind] = statistics.median(values)
        print(f"  {kind:8} {summary[kind]:.1f} s   ({', '.join(f'{v:.1f}' for v in values)})")
    print(json.dumps({"edit_loop_median_s": summary}))


if __name__ == "__main__":
    sys.exit(main())
