"""Launches moto in server mode for dev.byok.testing.aws.MotoServer.

Protocol with the parent JVM:
  * argument ``--port N`` (0 lets the OS choose; the chosen port is reported);
  * exactly one line ``MOTO_READY <port>`` on stdout once the server accepts connections;
  * the process keeps reading stdin; at EOF (the JVM closed the pipe or died) it stops the server and exits with
    ``os._exit(0)``, so a killed JVM never leaves an orphaned moto behind;
  * on failure: a line ``MOTO_FAILED <reason>`` on stderr and a non-zero exit code
    (3 = moto or its server extras are not installed, 4 = the server could not start).

Besides moto's own API the server answers:
  * ``GET  /_byok/requests``        JSON object {action: count} of the AWS API calls received since start or reset;
  * ``POST /_byok/requests/reset``  clears those counts.
An action is the ``X-Amz-Target`` header when present (``TrentService.Decrypt``, ``DynamoDB_20120810.PutItem``,
``secretsmanager.GetSecretValue``), else ``<service>.<Action>`` for query-protocol calls, else ``<service>.<op>`` for
Smithy RPC v2 paths, else ``<service>.<HTTP method>`` for REST-style services (service taken from the SigV4 scope).
Calls to ``/moto-api/`` and ``/_byok/`` are not counted.

Environment: MOTO_PORT is set to the bound port before any request is served (moto's Step Functions and Lambda
emulation read it); BYOK_MOTO_VERBOSE=1 keeps werkzeug's per-request log on stderr.
"""

import argparse
import io
import json
import logging
import os
import re
import sys
import threading
from urllib.parse import parse_qs

EXIT_MISSING_MOTO = 3
EXIT_START_FAILED = 4


def fail(code, reason):
    sys.stderr.write("MOTO_FAILED " + reason + "\n")
    sys.stderr.flush()
    os._exit(code)


def apply_patches():
    """Hook for patches to moto itself, applied after moto is imported and before the server starts.

    Patched:
      * DynamoDB requests run one at a time. moto's threaded server applies UpdateItem ``ADD`` and TransactWriteItems
        as unlocked read-modify-write in Python, so concurrent requests to one item can lose an increment (seen with
        moto 5.2.1: 8 threads x 25 transactions on one counter ended at 199). Real DynamoDB applies each write and
        each transaction atomically; serialising moto's DynamoDB handler restores that guarantee, and nothing more:
        application code that read, computed and wrote back in separate requests would still lose updates here.
      * Step Functions executions after the first one in a server no longer fail with HTTP 500 ("cannot pickle
        '_thread.RLock'"): StartExecution deep-copies the state machine as a snapshot, and that copy dragged along
        the backend and the running executions. The snapshot now shares the backend and starts without executions.
      * StartSyncExecution (Express state machines) is served: moto's server has no handler for it. It starts the
        execution like StartExecution, waits until it ends and answers in StartSyncExecution's shape (status
        SUCCEEDED, FAILED or TIMED_OUT, output, error, cause).
      * The Lambda stand-in (lambda.use_docker false) can fail an invocation: a queued result shaped like a Java
        handler's uncaught exception, a JSON object with "errorType" and "errorMessage" (and at most "stackTrace"),
        is answered with X-Amz-Function-Error: Unhandled, as Lambda does. Step Functions then sees errorType as the
        task's error, which is what state machine Retry and Catch tests need. Other results are unchanged.

    Not patched: executions started without a name get an ARN ending in "None" and collide; always pass a name.
    Keep every patch small, guarded by a check of moto.__version__, and documented here.
    """
    import moto
    if moto.__version__.split(".")[0] == "5":
        from moto.dynamodb.responses import DynamoHandler
        original = DynamoHandler.call_action
        lock = threading.Lock()

        def call_action_atomically(self):
            with lock:
                return original(self)

        DynamoHandler.call_action = call_action_atomically
        _patch_step_functions()
        _patch_lambda_function_errors()
    else:
        sys.stderr.write("moto %s: DynamoDB request serialisation and Step Functions patches not applied\n"
                         % moto.__version__)


def _patch_step_functions():
    """Snapshots without the backend, and StartSyncExecution; see apply_patches."""
    import copy
    import time
    from moto.core.responses import ActionResult
    from moto.stepfunctions.models import StateMachine
    from moto.stepfunctions.responses import StepFunctionResponse

    def snapshot(self, memo):
        clone = copy.copy(self)
        clone.executions = []
        memo[id(self)] = clone
        return clone

    StateMachine.__deepcopy__ = snapshot

    def start_sync_execution(self):
        execution = self.stepfunction_backend.start_execution(
            self._get_param("stateMachineArn"), self._get_param("name"), self._get_param("input", if_none="{}"))
        deadline = time.monotonic() + 600
        while execution.status == "RUNNING" and time.monotonic() < deadline:
            time.sleep(0.02)
        status = execution.status if execution.status in ("SUCCEEDED", "TIMED_OUT") else "FAILED"
        response = {
            "executionArn": execution.execution_arn,
            "stateMachineArn": execution.state_machine_arn,
            "name": execution.name,
            "startDate": execution.start_date,
            "stopDate": execution.stop_date,
            "status": status,
            "input": execution.execution_input,
        }
        if status == "SUCCEEDED":
            response["output"] = execution.output if isinstance(execution.output, str) else json.dumps(
                execution.output, separators=(",", ":"))
        if execution.error is not None:
            response["error"] = execution.error
        if execution.cause is not None:
            response["cause"] = execution.cause
        return ActionResult(response)

    StepFunctionResponse.start_sync_execution = start_sync_execution


def _patch_lambda_function_errors():
    """Error-shaped queued results become function errors; see apply_patches."""
    from moto.awslambda_simple.models import LambdaSimpleBackend
    original = LambdaSimpleBackend.invoke

    def invoke(self, function_name, qualifier, body, headers, response_headers):
        if self.lambda_simple_results_queue:
            try:
                queued = json.loads(self.lambda_simple_results_queue[0])
            except ValueError:
                queued = None
            if (isinstance(queued, dict) and "errorType" in queued and "errorMessage" in queued
                    and set(queued) <= {"errorType", "errorMessage", "stackTrace"}):
                response_headers["x-amz-function-error"] = "Unhandled"
        return original(self, function_name, qualifier, body, headers, response_headers)

    LambdaSimpleBackend.invoke = invoke


_SCOPE = re.compile(r"Credential=[^/]*/[^/]*/[^/]*/([^/]+)/aws4_request")
_RPC_V2 = re.compile(r"^/service/([^/]+)/operation/([^/]+)$")


class RequestCounter:
    """WSGI middleware counting AWS API calls by action; see the module docstring."""

    def __init__(self, app):
        self._app = app
        self._lock = threading.Lock()
        self._counts = {}

    def snapshot(self):
        with self._lock:
            return dict(self._counts)

    def reset(self):
        with self._lock:
            self._counts.clear()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") or ""
        if path.startswith("/_byok/"):
            return self._own_endpoint(environ, start_response, path)
        if not path.startswith("/moto-api"):
            try:
                action = self._action(environ, path)
            except Exception:  # counting must never break a request
                action = None
            if action:
                with self._lock:
                    self._counts[action] = self._counts.get(action, 0) + 1
        return self._app(environ, start_response)

    def _own_endpoint(self, environ, start_response, path):
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/_byok/requests" and method == "GET":
            return self._json(start_response, "200 OK", self.snapshot())
        if path == "/_byok/requests/reset" and method == "POST":
            self.reset()
            return self._json(start_response, "200 OK", {})
        return self._json(start_response, "404 Not Found", {"message": "unknown /_byok/ endpoint"})

    @staticmethod
    def _json(start_response, status, payload):
        body = json.dumps(payload, sort_keys=True).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    @staticmethod
    def _action(environ, path):
        target = environ.get("HTTP_X_AMZ_TARGET")
        if target:
            return target
        match = _SCOPE.search(environ.get("HTTP_AUTHORIZATION", "") or "")
        if not match:
            return None  # unsigned: not an SDK call
        service = match.group(1)
        rpc = _RPC_V2.match(path)
        if rpc:
            return service + "." + rpc.group(2)
        params = parse_qs(environ.get("QUERY_STRING", "") or "")
        content_type = environ.get("CONTENT_TYPE", "") or ""
        if "Action" not in params and content_type.startswith("application/x-www-form-urlencoded"):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length > 0 else b""
            environ["wsgi.input"] = io.BytesIO(body)  # hand moto an unread copy
            params = parse_qs(body.decode("utf-8", "replace"))
        if "Action" in params:
            return service + "." + params["Action"][0]
        return service + "." + environ.get("REQUEST_METHOD", "GET")


def main():
    parser = argparse.ArgumentParser(description="moto server for the BYOK tests")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()

    if args.port:
        os.environ["MOTO_PORT"] = str(args.port)
    if os.environ.get("BYOK_MOTO_VERBOSE") != "1":
        logging.getLogger("werkzeug").setLevel(logging.ERROR)

    try:
        import moto
        from moto.server import ThreadedMotoServer
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server
    except ImportError as e:
        fail(EXIT_MISSING_MOTO, "moto server mode is not importable for %s (%s): install with pip install \"moto[server]\""
             % (sys.executable, e))

    apply_patches()

    counter_holder = {}

    class CountingMotoServer(ThreadedMotoServer):
        """ThreadedMotoServer whose WSGI app is wrapped in RequestCounter.

        ThreadedMotoServer builds its app inside _server_entry (moto 5.2.1:
        DomainDispatcherApplication(create_backend_app) handed to werkzeug's make_server); this override does the same
        with the middleware around it, and reports a failed bind instead of leaving start() waiting forever.
        """

        startup_error = None

        def _server_entry(self):
            try:
                app = RequestCounter(DomainDispatcherApplication(create_backend_app))
                counter_holder["counter"] = app
                self._server = make_server(self._ip_address, self._port, app, True)
            except BaseException as e:  # noqa: B902 - reported to the parent
                self.startup_error = e
                self._server_ready_event.set()
                return
            self._server_ready_event.set()
            self._server.serve_forever()

    probe = ThreadedMotoServer(ip_address="127.0.0.1", port=args.port, verbose=False)
    internals_known = all(hasattr(probe, a) for a in ("_server_entry", "_server_ready_event", "_ip_address", "_port"))
    if internals_known:
        server = CountingMotoServer(ip_address="127.0.0.1", port=args.port, verbose=False)
    else:
        sys.stderr.write("moto %s: ThreadedMotoServer internals changed; request counting disabled\n" % moto.__version__)
        server = probe

    server.start()
    if getattr(server, "startup_error", None) is not None:
        fail(EXIT_START_FAILED, "cannot start moto on 127.0.0.1:%d: %s" % (args.port, server.startup_error))

    port = server.get_host_and_port()[1]
    os.environ["MOTO_PORT"] = str(port)
    sys.stdout.write("MOTO_READY %d\n" % port)
    sys.stdout.flush()

    try:
        while sys.stdin.buffer.readline():
            pass  # the parent sends nothing; only EOF matters
    except BaseException:  # KeyboardInterrupt or a broken pipe: stop just the same
        pass

    stopper = threading.Thread(target=server.stop, daemon=True)
    stopper.start()
    stopper.join(5)
    os._exit(0)


if __name__ == "__main__":
    main()
