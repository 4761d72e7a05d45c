"""VisiData's side of `est-bench tui-data`: open a CSV and describe it, timed the way est is.

Usage: python visidata_open.py FILE.csv [PAGE_ROWS]
Prints one JSON line: first_page_s (rows of the first page loaded), load_s (every row loaded),
describe_s (Shift+I: VisiData's DescribeSheet over every column, after loading), rss_mb (peak).
Runs VisiData headless (its own loader threads, no curses): the drawing itself is not counted, which
favours VisiData slightly. VisiData reads CSV cells as text unless told types; that is its default and
what `vd FILE.csv` then Shift+I does.
"""
import json
import resource
import sys
import time

import visidata
from visidata import vd
from visidata.features.describe import DescribeSheet


def main():
    path = sys.argv[1]
    page = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    t0 = time.perf_counter()
    sheet = vd.openSource(visidata.Path(path))
    sheet.reload()
    first = None
    while True:
        n = len(sheet.rows) if hasattr(sheet, "rows") and sheet.rows is not None else 0
        if first is None and n >= page:
            first = time.perf_counter() - t0
        if not any(t.is_alive() for t in vd.unfinishedThreads) and first is not None:
            break
        if not vd.unfinishedThreads and n < page and time.perf_counter() - t0 > 1:
            first = first or time.perf_counter() - t0
            break
        time.sleep(0.001)
    vd.sync()
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    ds = DescribeSheet(sheet.name + "_describe", source=[sheet])
    ds.reload()
    vd.sync()
    describe = time.perf_counter() - t1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"tool": "visidata " + visidata.__version__, "rows": len(sheet.rows), "columns": len(sheet.columns),
                      "first_page_s": first, "load_s": load, "describe_s": describe, "rss_mb": rss}))


if __name__ == "__main__":
    main()
