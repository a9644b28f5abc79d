"""The Python baseline for bench/primes.ts: the same trial-division count on the same inputs,
timed serially and with multiprocessing.Pool.map at each pool size.

    python3 bench/primes.py --inputs '[100000, 101000]' --trials 3 --sizes 1,2

Prints one JSON object on stdout: {"serialMs": [...], "pools": {"1": [...], "2": [...]}, "results": [...]}.
"""
import argparse
import json

from pool_map import measure


def is_prime(n):
    """Whether n is prime, testing odd divisors up to the square root (as examples/primes.ts does)."""
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count_primes(limit):
    """How many primes are below limit."""
    count = 0
    for n in range(2, limit):
        if is_prime(n):
            count += 1
    return count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", required=True, help="JSON array of limits")
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--sizes", default="1,2", help="comma-separated pool sizes")
    args = parser.parse_args()
    inputs = json.loads(args.inputs)
    sizes = [int(s) for s in args.sizes.split(",") if s]

    serial_ms, pools, results = measure(count_primes, inputs, args.trials, sizes)
    print(json.dumps({"serialMs": serial_ms, "pools": pools, "results": results}))


if __name__ == "__main__":
    main()
