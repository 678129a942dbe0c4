"""Drives a command on a pseudo-terminal for the CLI tests (Python's stdlib pty; no third-party code).

Usage: python3 pty_drive.py STEPS.json -- COMMAND ARG...
STEPS is a JSON list of {"expect": TEXT} (wait until the output so far holds TEXT, counted from the last expect)
and {"send": TEXT} (write TEXT as typed keys). After the steps the output is read until the command exits.
Prints everything the terminal received; exits with the command's exit code (124 when a wait times out).
"""
import json, os, pty, select, sys, time

def main():
    steps = json.load(open(sys.argv[1], encoding="utf-8"))
    command = sys.argv[sys.argv.index("--") + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    seen = b""
    mark = 0
    deadline = time.monotonic() + 60

    def read(timeout):
        nonlocal seen
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        seen += data
        return True

    alive = True
    for step in steps:
        if "expect" in step:
            want = step["expect"].encode("utf-8")
            while want not in seen[mark:]:
                if time.monotonic() > deadline or not alive:
                    sys.stdout.write(seen.decode("utf-8", "replace"))
                    sys.stdout.write("\n[pty_drive: timed out waiting for %r]\n" % step["expect"])
                    os.kill(pid, 9)
                    sys.exit(124)
                alive = read(0.2)
            mark = seen.index(want, mark) + len(want)
        else:
            time.sleep(0.05)
            os.write(fd, step["send"].encode("utf-8"))
    while alive and time.monotonic() < deadline:
        alive = read(0.2)
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            while read(0.05) and select.select([fd], [], [], 0)[0]:
                pass
            break
    else:
        os.kill(pid, 9)
        done, status = os.waitpid(pid, 0)
    sys.stdout.write(seen.decode("utf-8", "replace"))
    sys.stdout.flush()
    sys.exit(os.waitstatus_to_exitcode(status) if done else 124)

main()
