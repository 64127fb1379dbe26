#!/usr/bin/env python3
"""Where a flight recording's CPU samples went: run.sh with JFR=1 writes APP-CONFIG.jfr.

    python3 benchmarks/http/hot-frames.py /tmp/qiuth-http-bench.*/demo-totp.jfr

Prints the share of execution samples whose stack holds a frame of each package group
(inclusive), the hottest methods by self time, and the hottest dev.qiuth methods inclusive.
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


def samples(path):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                         capture_output=True, text=True, check=True).stdout
    for block in out.split("jdk.ExecutionSample {")[1:]:
        frames = re.findall(r"^\s+([\w$.<>/]+)\(.*?\)\s+line:", block, re.M)
        if frames:
            yield frames


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
    for p in sys.argv[1:]:
        main(p)
