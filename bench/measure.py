#!/usr/bin/env python3
# Runs one command and prints "<wall seconds> <peak RSS KiB> <exit code>" as JSON.
# Timing starts after this interpreter is up, so Python's own start-up is not counted.
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "rssKiB": rss, "code": p.returncode, "stderr": p.stderr.decode("utf8", "replace")[-2000:]}))
