"""Times a function serially and with multiprocessing.Pool.map at each pool size, as the Node engine
is timed: a few untimed warm-up calls, pools started and warmed before timing, parallel results
checked against serial ones. Shared by the Python baselines of bench/."""
import multiprocessing
import time


def timed_ms(work):
    start = time.perf_counter()
    result = work()
    return (time.perf_counter() - start) * 1000, result


def measure(fn, inputs, trials, sizes):
    """Returns (serial times in ms, {size: times in ms}, the serial results)."""
    for item in inputs[:4]:
        fn(item)
    serial_ms = []
    results = None
    for _ in range(trials):
        ms, results = timed_ms(lambda: [fn(item) for item in inputs])
        serial_ms.append(ms)

    pools = {}
    for size in sizes:
        with multiprocessing.Pool(size) as pool:
            pool.map(fn, inputs[:size])
            samples = []
            for _ in range(trials):
                ms, parallel = timed_ms(lambda: pool.map(fn, inputs))
                if parallel != results:
                    raise SystemExit("parallel results differ from serial ones")
                samples.append(ms)
            pools[str(size)] = samples
    return serial_ms, pools, results
