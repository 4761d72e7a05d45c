import CPUBackend
import Foundation
import Tensors

/// `est-bench WORKLOAD [options]`: one JSON object per line per measurement.
let usage = """
usage: est-bench [gemm|dense|overhead|all] [--threads N] [--sizes 256,512,...]

  gemm       est matmul vs direct cblas_sgemm vs the plain-Swift reference kernel
             (n = 256, 512, 1024, 2048; 1 thread and all threads)
  dense      forward + backward of Dense 28→128→64→2 at batch 256
  overhead   ns per tiny op (add of 1×1 tensors) with the tape recording
  csv        read and type DATA/train.csv (and pandas.read_csv on it, when .venv has pandas)
  input      CSV → shuffle 10 000 → batch 256 → feature columns (dnn and linear workloads)
  dnn        DNNClassifier [128, 64], 28 numeric columns, Adagrad 0.05, batch 256, from CSV (--steps N, default 2000)
  linear     LinearClassifier (FTRL) on the numeric, vocabulary, hashed and crossed columns, batch 256, from CSV
  wide       DNNLinearCombinedClassifier: the linear columns plus the dnn network
  tui-frame  one workbench frame (state → canvas → diff) at 200×60 with 4 charts of 10 000 points
  tui-keys   key-to-frame latency while the iris workspace trains on every core
  trees      BoostedTreesClassifier, 28 numeric columns in 32 quantiles, 50 trees of depth 6, in memory (--trees N)

  --data DIR   where make_synthetic.py wrote train.csv (default .bench-data)
  --file CSV   another file for csv/input;  --no-pandas  skip the pandas twin
"""

func failUsage(_ message: String) {
    FileHandle.standardError.write(Data(message.utf8))
}

var args = Array(CommandLine.arguments.dropFirst())
let workload = args.first.flatMap { $0.hasPrefix("-") ? nil : $0 } ?? "all"
if !args.isEmpty && !args[0].hasPrefix("-") { args.removeFirst() }
var threads = CPUBackend().threads
var sizes = [256, 512, 1024, 2048]
var dataDir = ".bench-data"
var file: String? = nil
var noPandas = false
var dnnSteps = 2000
var treeCount = 50
var i = 0
while i < args.count {
    switch args[i] {
    case "--threads" where i + 1 < args.count:
        guard let n = Int(args[i + 1]), n > 0 else { failUsage("est-bench: --threads needs a positive integer\n"); exit(2) }
        threads = n; i += 1
    case "--sizes" where i + 1 < args.count:
        sizes = args[i + 1].split(separator: ",").compactMap { Int($0) }; i += 1
    case "--file" where i + 1 < args.count:
        file = args[i + 1]; i += 1
    case "--no-pandas": noPandas = true
    case "--trees" where i + 1 < args.count:
        treeCount = Int(args[i + 1]) ?? treeCount; i += 1
    case "--steps" where i + 1 < args.count:
        dnnSteps = Int(args[i + 1]) ?? dnnSteps; i += 1
    case "--data" where i + 1 < args.count:
        dataDir = args[i + 1]; i += 1
    case "-h", "--help": print(usage); exit(0)
    default: failUsage("est-bench: unknown argument '\(args[i])'\n\(usage)\n"); exit(2)
    }
    i += 1
}

/// Generates the synthetic benchmark data on first use (`scripts/make_synthetic.py`, 1 M rows).
@MainActor func ensureData() {
    guard file == nil, !FileManager.default.fileExists(atPath: dataDir + "/train.csv") else { return }
    FileHandle.standardError.write(Data("est-bench: generating \(dataDir)/ with scripts/make_synthetic.py (1 M rows, about a minute)\n".utf8))
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "scripts/make_synthetic.py", "--out", dataDir]
    do { try p.run(); p.waitUntilExit() } catch { failUsage("est-bench: cannot run python3: \(error)\n"); exit(1) }
    guard p.terminationStatus == 0 else { failUsage("est-bench: make_synthetic.py failed\n"); exit(1) }
}
if ["csv", "input", "dnn", "trees", "linear", "wide"].contains(workload) { ensureData() }

let benchCPU = CPUBackend(threads: threads)
Backends.register(benchCPU)
Backends.setDefault(benchCPU.name)

emit([("workload", "machine"), ("cores", CPUBackend().threads), ("threads", threads), ("blas_core", CPUBackend.blasCore)])
switch workload {
case "gemm": benchGEMM(sizes: sizes, threadCounts: Array(Set([1, threads])).sorted())
case "dense": benchDense(threads: 1); if threads > 1 { benchDense(threads: threads) }
case "overhead": benchOverhead(threads: threads)
case "csv":
    do { try benchCSV(path: file ?? dataDir + "/train.csv", threads: threads, withPandas: !noPandas) } catch { failUsage("est-bench: \(error)\n"); exit(1) }
case "linear", "wide":
    do { try benchLinear(path: file ?? dataDir + "/train.csv", threads: threads, steps: dnnSteps, wide: workload == "wide") } catch { failUsage("est-bench: \(error)\n"); exit(1) }
case "trees":
    do { try benchTrees(path: file ?? dataDir + "/train.csv", threads: threads, trees: treeCount) } catch { failUsage("est-bench: \(error)\n"); exit(1) }
case "dnn":
    do { try benchDNN(path: file ?? dataDir + "/train.csv", threads: threads, steps: dnnSteps) } catch { failUsage("est-bench: \(error)\n"); exit(1) }
case "input":
    do { try benchInput(path: file ?? dataDir + "/train.csv", threads: threads) } catch { failUsage("est-bench: \(error)\n"); exit(1) }
case "tui-frame": benchTUIFrame()
case "tui-keys":
    do { try benchTUIKeys(threads: threads) } catch { failUsage("est-bench: \(error)\n"); exit(1) }
case "all":
    benchOverhead(threads: threads)
    benchDense(threads: 1); if threads > 1 { benchDense(threads: threads) }
    benchGEMM(sizes: sizes, threadCounts: Array(Set([1, threads])).sorted())
default:
    failUsage("est-bench: unknown workload '\(workload)'\n\(usage)\n")
    exit(2)
}
