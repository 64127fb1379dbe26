-- wrk script: the same GET with X-API-Key and X-TOTP-Token from the environment
-- (QIUTH_API_KEY, BENCH_TOTP_CODE), so no credential is on wrk's command line.
wrk.headers["X-API-Key"] = os.getenv("QIUTH_API_KEY")
wrk.headers["X-TOTP-Token"] = os.getenv("BENCH_TOTP_CODE")
