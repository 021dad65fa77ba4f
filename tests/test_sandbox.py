"""sandbox.py and session.py: the worker's isolation layers, limits, restarts and timeouts."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from autograder.config import load_settings
from autograder.course import get_assignment
from autograder.harness import StudentError, StudentTimeout
from autograder.sandbox import FreshLauncher, TemplateLauncher, WorkerDied, plan_sandbox
from autograder.session import StudentSession
from autograder.submission import read_submission

ROOT = Path(__file__).resolve().parent.parent
PS1 = get_assignment("ps1_gradient_descent")
HAS_BWRAP = shutil.which("bwrap") is not None


def open_session(
    tmp_path: Path, code: str, mode: str = "auto", warm: bool = False, **limits
) -> StudentSession:
    settings = load_settings(ROOT, {"AUTOGRADER_SANDBOX": mode})
    if limits:
        settings = settings.with_limits(**limits)
    path = tmp_path / "gradient_descent.py"
    path.write_text(code)
    plan = plan_sandbox(settings)
    launcher = (TemplateLauncher if warm else FreshLauncher)(plan, settings)
    scratch = launcher.scratch_for(path)
    return StudentSession(read_submission(path, PS1, 10**7), PS1, settings, launcher, scratch)


@pytest.fixture(params=["fresh", "warm"])
def session(tmp_path, request):
    opened = []

    def make(code, **kwargs):
        opened.append(open_session(tmp_path, code, warm=request.param == "warm", **kwargs))
        return opened[-1]

    yield make
    for s in opened:
        s.close()
        s.scratch.remove()
        s.launcher.close()


def call(s: StudentSession, *args):
    return s.call("get_minimizer_x", args, {}).value


def test_plan_reports_every_layer_and_minimal_mode_says_why():
    full = plan_sandbox(load_settings(ROOT, {}))
    assert set(full.layers) == {"session", "rlimits", "scratch", "mount", "net", "pid", "uid"}
    minimal = plan_sandbox(load_settings(ROOT, {"AUTOGRADER_SANDBOX": "minimal"}))
    assert not minimal.layers["mount"] and not minimal.layers["net"] and minimal.layers["rlimits"]
    assert any("minimal" in note for note in minimal.notes)


def test_worker_runs_in_scratch_with_a_scrubbed_environment(session):
    s = session("import os\ndef get_minimizer_x(*a):\n    return [os.getcwd(), sorted(os.environ)]\n")
    cwd, env = call(s)
    assert Path(cwd) == s.scratch.path
    assert set(env) <= {
        "PATH",
        "HOME",
        "TMPDIR",
        "LANG",
        "PYTHONIOENCODING",
        "PYTHONDONTWRITEBYTECODE",
        "MPLBACKEND",
        "MPLCONFIGDIR",
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "LC_CTYPE",
        "PWD",
    }
    assert os.listdir(s.scratch.path)  # the submission was copied in


def test_resource_limits_are_applied(session):
    s = session(
        "import resource\ndef get_minimizer_x(*a):\n"
        "    return [resource.getrlimit(getattr(resource, n))[0] for n in "
        "('RLIMIT_AS', 'RLIMIT_NPROC', 'RLIMIT_FSIZE', 'RLIMIT_NOFILE', 'RLIMIT_CPU')]\n"
    )
    limits = s.settings.limits
    assert call(s) == [
        limits.address_space,
        limits.processes,
        limits.file_size,
        limits.open_files,
        limits.cpu_seconds,
    ]


def test_memory_grab_fails_inside_the_worker(session):
    s = session("def get_minimizer_x(*a):\n    b = bytearray(3 * 1024**3)\n    return len(b)\n")
    with pytest.raises(StudentError, match="MemoryError"):
        call(s)


@pytest.mark.skipif(not HAS_BWRAP, reason="bubblewrap not installed: mount, net and pid layers are off")
def test_course_files_are_hidden_and_network_is_off(session):
    s = session(
        "import os, socket\n"
        "def get_minimizer_x(root):\n"
        "    try:\n        s = socket.create_connection(('127.0.0.1', 22), timeout=1); net = 'open'\n"
        "    except OSError as e:\n        net = type(e).__name__\n"
        "    return [sorted(os.listdir(root)), net, os.getpid(), os.path.exists('/root/.bashrc')]\n"
    )
    listing, net, pid, home = call(s, str(ROOT))
    assert "solutions" not in listing and "gradebook.db" not in listing and "source" not in listing
    assert net != "open"
    assert pid < 10  # its own PID namespace
    assert home is False


@pytest.mark.skipif(os.geteuid() != 0, reason="the uid layer applies when the grader runs as root")
def test_worker_drops_root(session):
    s = session("import os\ndef get_minimizer_x(*a):\n    return [os.getuid(), os.geteuid()]\n")
    assert call(s) == [65534, 65534]


def test_timeout_kills_only_that_function_and_skips_its_later_tests(session):
    s = session(
        "def get_minimizer_x(*a):\n    while True:\n        pass\n"
        "def gradient_descent(*a):\n    return 1.0\n",
        call_seconds=1.0,
    )
    started = time.monotonic()
    with pytest.raises(StudentTimeout, match="did not finish within 1 s"):
        call(s)
    assert time.monotonic() - started < 5
    with pytest.raises(StudentTimeout, match="not run"):
        call(s)
    assert s.call("gradient_descent", (), {}).value == 1.0


def test_exit_and_crash_cost_one_call_and_the_worker_restarts(session):
    s = session(
        "import os, sys\ndef get_minimizer_x(how):\n"
        "    if how == 'exit': sys.exit(3)\n"
        "    if how == 'kill': os._exit(0)\n"
        "    return 1.5\n"
    )
    with pytest.raises(StudentError, match="called sys.exit"):
        call(s, "exit")
    with pytest.raises(StudentError, match="stopped the Python process"):
        call(s, "kill")
    assert call(s, "ok") == 1.5


def test_code_that_hangs_at_import_is_skipped_and_the_rest_loads(session):
    s = session(
        "import time\ndef get_minimizer_x(*a):\n    return 2.0\nwhile True:\n    time.sleep(0.05)\n",
        load_seconds=1.5,
    )
    assert call(s) == 2.0
    assert any("still running after 1.5 s" in p for p in s.loaded.problems)


def test_code_that_exits_at_import_is_skipped(session):
    s = session("import os\nos._exit(1)\ndef get_minimizer_x(*a):\n    return 3.0\n")
    assert call(s) == 3.0
    assert any("stopped the Python process" in p for p in s.loaded.problems)


def test_missing_function_names_it(session):
    s = session("def something_else():\n    pass\n")
    with pytest.raises(StudentError, match="does not define a function named get_minimizer_x"):
        call(s)


def test_prints_are_captured_not_mixed_with_the_protocol(session):
    s = session(
        "import sys\ndef get_minimizer_x(*a):\n    print('{\"fake\": 1}')\n"
        "    sys.stdout.write('x' * 200000)\n    return 4.0\n"
    )
    assert call(s) == 4.0
    output = s.close()
    assert output.startswith('{"fake": 1}') and "more bytes of output not shown" in output


def test_stray_processes_are_killed_when_the_session_closes(session, tmp_path):
    marker = f"descent-kit-stray-{os.getpid()}-{time.monotonic_ns()}"
    s = session(
        "import subprocess\ndef get_minimizer_x(*a):\n"
        f"    subprocess.Popen(['sleep', '301', '{marker}'][:2], start_new_session=True)\n"
        f"    subprocess.Popen(['python3', '-c', 'import time; time.sleep(300) # {marker}'],"
        " start_new_session=True)\n    return 1.0\n"
    )
    assert call(s) == 1.0
    s.close()
    time.sleep(0.3)
    leftovers = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            leftovers.append(pid)
    assert leftovers == []


def test_minimal_mode_still_grades(session):
    s = session("def get_minimizer_x(*a):\n    return 5.0\n", mode="minimal")
    assert call(s) == 5.0


@pytest.mark.skipif(not HAS_BWRAP, reason="bubblewrap not installed: the mount layer is off")
def test_world_readable_files_elsewhere_on_the_host_are_invisible(session, tmp_path):
    # e.g. another checkout of the course with its solutions, readable by every user
    marker = Path("/var/tmp") / f"descent-kit-other-checkout-{os.getpid()}"
    marker.mkdir(exist_ok=True)
    (marker / "test_hidden.py").write_text("EXPECTED = 2.451218\n")
    os.chmod(marker, 0o755)
    try:
        s = session("import os\ndef get_minimizer_x(path):\n    return os.path.exists(path)\n")
        assert call(s, str(marker / "test_hidden.py")) is False
        assert call(s, str(ROOT / "solutions")) is False
    finally:
        shutil.rmtree(marker)


def test_lazy_plotting_import_works_when_used(session, tmp_path):
    s = session("def get_minimizer_x(*a):\n    plt.plot([1, 2])\n    return float(len(plt.gcf().axes))\n")
    # A notebook's `import matplotlib.pyplot as plt` arrives as this stand-in binding.
    s.submission = type(s.submission)(
        s.submission.path,
        "notebook",
        (
            type(s.submission.chunks[0])("cell 1", "plt = __descent_kit_lazy__('matplotlib.pyplot')\n", 1),
            *s.submission.chunks,
        ),
        (),
    )
    assert call(s) == 1.0


def test_a_prestarted_worker_is_the_one_used_and_is_cleaned_up_when_unused(tmp_path):
    settings = load_settings(ROOT, {})
    path = tmp_path / "gradient_descent.py"
    path.write_text("def get_minimizer_x(x0, lr, n):\n    return 0.0\n")
    launcher = FreshLauncher(plan_sandbox(settings), settings)
    launcher.prestart(path)
    scratch = launcher.scratch_for(path)
    assert launcher.scratch_for(path) is scratch and (scratch.path / path.name).is_file()
    session = StudentSession(read_submission(path, PS1, 10**7), PS1, settings, launcher, scratch)
    assert call(session, 1.0, 0.1, 3) == 0.0
    assert launcher._ready is None  # the session took the prestarted worker rather than a new one
    session.close()
    scratch.remove()

    launcher.prestart(path)
    unused_scratch, unused = launcher._ready
    launcher.close()
    assert not unused_scratch.path.exists()
    with pytest.raises(WorkerDied):
        unused.send({"op": "ping"})
