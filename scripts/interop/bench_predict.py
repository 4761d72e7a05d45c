"""onnxruntime's rows/s on an est export, the twin of `est-bench predict --export DIR`.

Usage: bench_predict.py EXPORT CSV [--batch 2048] [--threads 2] [--rows N] [--seconds 2]

Reads the raw columns signature.json names from CSV (pandas when installed, else numpy), fills missing cells with each
input's default (NaN without one, as est's runtime), then runs model.onnx in batches of --batch rows with intra-op threads = --threads. Prints one JSON line:
read_seconds (parsing and typing the CSV into the graph's feeds), run_seconds (one pass over the rows, best of the passes
that fit in --seconds), rows_per_sec (run only, the figure to put next to est-bench's in-memory one) and
rows_per_sec_with_read (parse + run, next to est-bench's streaming figure); rows_per_cpu_sec (rows per CPU second of the
process, all threads: less sensitive to a busy host than wall time).
"""
import argparse, json, os, sys, time
import numpy as np
import onnxruntime


def read_columns(path, names, text, limit):
    """The columns `names` (those in `text` as strings, the others as float64 with NaN for a missing cell), and the reader."""
    try:
        import pandas
        frame = pandas.read_csv(path, usecols=names, dtype={n: str for n in text}, keep_default_na=False,
                                na_values={n: [""] for n in names if n not in text}, nrows=limit)
        return {n: frame[n].to_numpy(dtype=str if n in text else np.float64) for n in names}, "pandas " + pandas.__version__
    except ImportError:
        pass
    header = open(path).readline().rstrip("\r\n").split(",")
    missing = [n for n in names if n not in header]
    if missing:
        sys.exit(f"bench_predict.py: {path} has no column {missing[0]} (it has: {', '.join(header)})")
    cols = [header.index(n) for n in names]
    table = np.loadtxt(path, delimiter=",", skiprows=1, usecols=cols, dtype=str, max_rows=limit, ndmin=2)
    columns = {}
    for i, n in enumerate(names):
        cells = table[:, i]
        columns[n] = cells if n in text else np.where(cells == "", "nan", cells).astype(np.float64)
    return columns, "numpy " + np.__version__


def feeds_from(signature, columns):
    defaults = {i["name"]: i.get("defaultValue") for i in signature["inputs"]}
    required = {i["name"] for i in signature["inputs"] if i.get("required")}
    feeds = {}
    for g in signature["graph_inputs"]:
        if g.get("column") is None:
            sys.exit(f"bench_predict.py: graph input {g['name']} takes ids computed outside the graph (FarmHash); est only")
        values = columns[g["column"]]
        if g["dtype"] == "string":
            feeds[g["name"]] = values.astype(object).reshape(-1, 1)
            continue
        missing = np.isnan(values)
        if missing.any():
            # As est's runtime: the input's default, else NaN for the graph to give each column its default.
            default = defaults.get(g["column"])
            if default is None and g["column"] in required:
                sys.exit(f"bench_predict.py: column {g['column']} has missing cells and a numeric column without a default reads it")
            if default is not None:
                values = np.where(missing, default, values)
        feeds[g["name"]] = values.astype(np.float32 if g["dtype"] == "float32" else np.int64).reshape(-1, 1)
    return feeds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("export")
    parser.add_argument("csv")
    parser.add_argument("--batch", type=int, default=2048)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rows", type=int, default=None, help="read at most this many rows")
    parser.add_argument("--seconds", type=float, default=2.0, help="time budget for the timed passes")
    args = parser.parse_args()
    signature = json.load(open(os.path.join(args.export, "signature.json")))
    names = sorted({g["column"] for g in signature["graph_inputs"] if g.get("column")})
    t0 = time.perf_counter()
    text = {g["column"] for g in signature["graph_inputs"] if g.get("column") and g["dtype"] == "string"}
    columns, reader = read_columns(args.csv, names, text, args.rows)
    feeds = feeds_from(signature, columns)
    read_seconds = time.perf_counter() - t0
    rows = len(next(iter(feeds.values())))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(os.path.join(args.export, "model.onnx"), options, providers=["CPUExecutionProvider"])
    batches = [{k: v[s:s + args.batch] for k, v in feeds.items()} for s in range(0, rows, args.batch)]
    session.run(None, batches[0])
    best, best_cpu, passes, start = float("inf"), float("inf"), 0, time.perf_counter()
    while passes < 3 or (time.perf_counter() - start < args.seconds and passes < 50):
        t, c = time.perf_counter(), time.process_time()
        for b in batches:
            session.run(None, b)
        best, best_cpu = min(best, time.perf_counter() - t), min(best_cpu, time.process_time() - c)
        passes += 1
    print(json.dumps({"workload": "predict-onnxruntime", "export": args.export, "file": args.csv, "rows": rows, "batch": args.batch,
                      "threads": args.threads, "reader": reader, "read_seconds": round(read_seconds, 4), "run_seconds": round(best, 4),
                      "passes": passes, "rows_per_sec": round(rows / best), "rows_per_cpu_sec": round(rows / best_cpu),
                      "rows_per_sec_with_read": round(rows / (read_seconds + best)),
                      "onnxruntime": onnxruntime.__version__}))


if __name__ == "__main__":
    main()
