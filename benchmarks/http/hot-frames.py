#!/usr/bin/env python3
"""Where a flight recording's CPU samples went: run.sh with JFR=1 writes APP-CONFIG.jfr.

    python3 benchmarks/http/hot-frames.py /tmp/qiuth-http-bench.*/demo-totp.jfr

Prints the share of execution samples whose stack holds a frame of each package group
(inclusive), the hottest methods by self time, and the hottest dev.qiuth methods inclusive.

    python3 benchmarks/http/hot-frames.py --last-rounds 8 104000 77000 /tmp/qiuth-http-bench.*/jaxrs-totp.jfr

With --last-rounds DURATION OPEN_REQUESTS PROTECTED_REQUESTS, for a run whose last two rounds
were open then protected (ROUNDS=2): the samples of the last DURATION seconds are the protected
round's, those of the DURATION before it the open round's; prints, per thousand requests (the
requests wrk completed in each round, from run.sh's output), the methods whose inclusive sample
count grew most from the open round to the protected one: where the protection's cost went,
inside Qiuth or around it.
"""
import collections
import re
import subprocess
import sys

GROUPS = [
    ("dev.qiuth (core and adapters)", "dev.qiuth."),
    ("logback (audit line)", "ch.qos.logback."),
    ("slf4j", "org.slf4j."),
    ("jetty", "org.eclipse.jetty."),
    ("jersey / hk2", "org.glassfish."),
    ("javalin", "io.javalin."),
    ("micronaut", "io.micronaut."),
    ("netty", "io.netty."),
    ("vert.x", "io.vertx."),
    ("quarkus / resteasy", "io.quarkus."),
    ("JDK crypto", "javax.crypto.|com.sun.crypto.|sun.security."),
    ("java.time", "java.time."),
]


def samples(path, with_time=False):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                         capture_output=True, text=True, check=True).stdout
    for block in out.split("jdk.ExecutionSample {")[1:]:
        frames = re.findall(r"^\s+([\w$.<>/]+)\(.*?\)\s+line:", block, re.M)
        if not frames:
            continue
        if with_time:
            t = re.search(r"startTime = (\d+):(\d+):(\d+)\.(\d+)", block)
            yield int(t[1]) * 3600 + int(t[2]) * 60 + int(t[3]) + float("0." + t[4]), frames
        else:
            yield frames


def last_rounds(path, duration, open_requests, protected_requests):
    timed = list(samples(path, with_time=True))
    end = max(t for t, _ in timed)
    protected = collections.Counter()
    opened = collections.Counter()
    for t, frames in timed:
        # a second's margin between the rounds: run.sh reads /proc and starts wrk in between
        target = protected if t > end - duration else opened if end - 2 * duration - 1 < t <= end - duration - 1 else None
        if target is not None:
            target.update(set(frames))
    per_k_open = 1000.0 / open_requests
    per_k_protected = 1000.0 / protected_requests
    grew = {f: n * per_k_protected - opened[f] * per_k_open for f, n in protected.items()}
    print(f"{path}: samples per thousand requests, open round then protected round")
    print(f"{'grew':>8} {'open':>8} {'prot.':>8}  method (inclusive)")
    for f, d in sorted(grew.items(), key=lambda e: -e[1])[:60]:
        print(f"{d:8.3f} {opened[f] * per_k_open:8.3f} {protected[f] * per_k_protected:8.3f}  {f}")


def main(path):
    total = 0
    groups = collections.Counter()
    self_time = collections.Counter()
    qiuth_inclusive = collections.Counter()
    for frames in samples(path):
        total += 1
        self_time[frames[0]] += 1
        for name, prefixes in GROUPS:
            if any(f.startswith(p) for f in frames for p in prefixes.split("|")):
                groups[name] += 1
        for f in set(frames):
            if f.startswith("dev.qiuth."):
                qiuth_inclusive[f] += 1
    print(f"{path}: {total} execution samples")
    print("\ninclusive share by package group:")
    for name, n in groups.most_common():
        print(f"  {100.0 * n / total:5.1f} %  {name}")
    print("\nhottest methods, self:")
    for f, n in self_time.most_common(15):
        print(f"  {100.0 * n / total:5.1f} %  {f}")
    print("\nhottest dev.qiuth methods, inclusive:")
    for f, n in qiuth_inclusive.most_common(15):
        print(f"  {100.0 * n / total:5.1f} %  {f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--last-rounds"]:
        duration, open_requests, protected_requests = float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
        for p in sys.argv[5:]:
            last_rounds(p, duration, open_requests, protected_requests)
    else:
        for p in sys.argv[1:]:
            main(p)
