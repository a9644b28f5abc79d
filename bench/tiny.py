"""The Python baseline for bench/engine.ts: the 10 µs function of bench/functions/tiny.ts (the same
MINSTD steps, so the same results), timed serially and with multiprocessing.Pool.map at each size,
default chunksize.

    python3 bench/tiny.py --count 20000 --trials 3 --sizes 1,2

Prints one JSON object on stdout: {"serialMs": [...], "pools": {"1": [...]}, "checksum": n}.
"""
import argparse
import json

from pool_map import measure

ROUNDS = 850  # tenMicrosRounds in bench/functions/tiny.ts


def ten_micros(seed):
    """The seed stepped through the MINSTD generator ROUNDS times (about 10 µs in Node)."""
    x = seed % 2147483646 + 1
    for _ in range(ROUNDS):
        x = x * 48271 % 2147483647
    return x


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--sizes", default="1,2")
    args = parser.parse_args()
    inputs = list(range(args.count))
    sizes = [int(s) for s in args.sizes.split(",") if s]

    serial_ms, pools, results = measure(ten_micros, inputs, args.trials, sizes)
    print(json.dumps({"serialMs": serial_ms, "pools": pools, "checksum": sum(results) % 1000000007}))


if __name__ == "__main__":
    main()
