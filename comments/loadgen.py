"""A small closed-loop HTTP load generator, run as its own process by ``manage.py bench``.

    python -m comments.loadgen http://127.0.0.1:8765/path --seconds 10 --concurrency 4 \
        [--cookie "sessionid=…"] [--post "value=up|value=down"] [--csrf TOKEN] \
        [--header "HX-Request: true"]

Each worker thread keeps one connection open and sends its next request as soon as the previous
one is answered, for a fixed time; the figures come back as one line of JSON on stdout. With
--post, the bodies separated by "|" are sent in turn (so that votes switch rather than repeat).
"""

import argparse
import http.client
import json
import statistics
import threading
import time
from urllib.parse import urlsplit


def run(url, seconds, concurrency, cookies, posts, csrf, extra_headers=()):
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def worker(index):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        cookie = cookies[index % len(cookies)] if cookies else ""
        mine, codes, sent = [], {}, 0
        while time.monotonic() < deadline:
            headers = {"Cookie": cookie} if cookie else {}
            headers.update(extra_headers)
            body = None
            if posts:
                body = posts[sent % len(posts)]
                headers.update(
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "X-CSRFToken": csrf,
                        "Referer": url,
                    }
                )
            started = time.perf_counter()
            try:
                connection.request("POST" if posts else "GET", path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                codes[0] = codes.get(0, 0) + 1
                continue
            mine.append(time.perf_counter() - started)
            codes[response.status] = codes.get(response.status, 0) + 1
            sent += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            for code, count in codes.items():
                statuses[code] = statuses.get(code, 0) + count

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(share):
        return (
            latencies[min(int(len(latencies) * share), len(latencies) - 1)] * 1000
            if latencies
            else 0.0
        )

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p99_ms": percentile(0.99),
        "statuses": statuses,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--cookie", action="append", default=[])
    parser.add_argument("--post", default="")
    parser.add_argument("--csrf", default="")
    parser.add_argument("--header", action="append", default=[], help='"Name: value"')
    args = parser.parse_args()
    posts = args.post.split("|") if args.post else []
    headers = dict(header.split(": ", 1) for header in args.header)
    print(
        json.dumps(
            run(args.url, args.seconds, args.concurrency, args.cookie, posts, args.csrf, headers)
        )
    )


if __name__ == "__main__":
    main()
