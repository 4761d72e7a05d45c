import ArgumentParser
import CPUBackend
import Foundation
import Tensors

/// The workloads `est-bench` measures.
enum Workload: String, CaseIterable, ExpressibleByArgument {
    case gemm, dense, overhead, csv, input, dnn, linear, wide, trees, predict, all
    case tuiFrame = "tui-frame", tuiKeys = "tui-keys", tuiData = "tui-data"

    /// Whether it reads the synthetic CSV.
    var readsData: Bool { [.csv, .input, .dnn, .trees, .linear, .wide, .predict, .tuiData].contains(self) }
}

/// `est-bench WORKLOAD [options]`: one JSON object per line per measurement.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "est-bench",
        abstract: "est's benchmarks: one JSON object per line per measurement.",
        discussion: """
          gemm       est matmul vs direct cblas_sgemm vs the plain-Swift reference kernel (1 thread and all threads)
          dense      forward + backward of Dense 28→128→64→2 at batch 256
          overhead   ns per tiny op (add of 1×1 tensors) with the tape recording
          csv        read and type DATA/train.csv (and pandas.read_csv on it, when .venv has pandas)
          input      CSV → shuffle 10 000 → batch 256 → feature columns (dnn and linear workloads)
          dnn        DNNClassifier [128, 64], 28 numeric columns, Adagrad 0.05, batch 256, from CSV
          linear     LinearClassifier (FTRL) on the numeric, vocabulary, hashed and crossed columns, batch 256, from CSV
          wide       DNNLinearCombinedClassifier: the linear columns plus the dnn network
          tui-frame  one workbench frame (state → canvas → diff) at 200×60 with 4 charts of 10 000 points
          tui-keys   key-to-frame latency while the iris workspace trains on every core
          tui-data   the Data screen on DATA/train.csv (or --file): first page, index MB/s, frames, sort, filter, RSS, describe
                     (--visidata PYTHON: VisiData's first page and describe on the same file, in the same run)
          trees      BoostedTreesClassifier, 28 numeric columns in 32 quantiles, 50 trees of depth 6, in memory
          predict    the native runtime on --export DIR: rows/s from DATA/train.csv (or --file) and in memory
                     (--make-export DIR first trains the dnn model 200 steps and exports it there)
          all        overhead, dense and gemm

        Example:
          est-bench gemm --threads 2 --sizes 256,512
        """
    )

    @Argument(help: "The workload.")
    var workload: Workload = .all

    @Option(help: ArgumentHelp("CPU threads (default: every core).", valueName: "n"))
    var threads: Int?

    @Option(help: ArgumentHelp("Matrix sizes for gemm.", valueName: "n,n,..."))
    var sizes: String = "256,512,1024,2048"

    @Option(help: ArgumentHelp("Where make_synthetic.py wrote train.csv.", valueName: "dir"))
    var data: String = ".bench-data"

    @Option(help: ArgumentHelp("Another file for csv/input.", valueName: "csv"))
    var file: String?

    @Flag(name: .customLong("no-pandas"), help: "Skip the pandas twin of csv.")
    var noPandas = false

    @Option(help: ArgumentHelp("Training steps for dnn, linear and wide.", valueName: "n"))
    var steps: Int = 2000

    @Option(help: ArgumentHelp("Trees for trees.", valueName: "n"))
    var trees: Int = 50

    @Option(help: ArgumentHelp("The export folder for predict.", valueName: "dir"))
    var export: String?

    @Option(name: .customLong("make-export"),
            help: ArgumentHelp("Train the dnn model 200 steps, export it here, then run predict on it.", valueName: "dir"))
    var makeExport: String?

    @Option(help: ArgumentHelp("A Python with visidata installed: tui-data also times VisiData on the same file.", valueName: "python"))
    var visidata: String?

    @Option(help: ArgumentHelp("Rows per batch for predict.", valueName: "n"))
    var batch: Int = 2048

    @Option(help: ArgumentHelp("Rows held in memory for predict's in-memory figure.", valueName: "n"))
    var rows: Int = 500_000

    func validate() throws {
        if let t = threads, t < 1 { throw ValidationError("--threads needs a positive integer, got \(t)") }
        if steps < 1 { throw ValidationError("--steps needs a positive integer, got \(steps)") }
        if trees < 1 { throw ValidationError("--trees needs a positive integer, got \(trees)") }
        if batch < 1 || rows < 1 { throw ValidationError("--batch and --rows need positive integers, got \(batch) and \(rows)") }
        if workload == .predict && export == nil && makeExport == nil { throw ValidationError("predict needs --export DIR (or --make-export DIR)") }
        if sizeList.isEmpty { throw ValidationError("--sizes needs positive integers separated by commas, got '\(sizes)'") }
    }

    var sizeList: [Int] { sizes.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 } }

    /// Generates the synthetic benchmark data on first use (`scripts/make_synthetic.py`, 1 M rows).
    func ensureData() throws {
        guard file == nil, !FileManager.default.fileExists(atPath: data + "/train.csv") else { return }
        FileHandle.standardError.write(Data("est-bench: generating \(data)/ with scripts/make_synthetic.py (1 M rows, about a minute)\n".utf8))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "scripts/make_synthetic.py", "--out", data]
        do { try p.run() } catch { throw BenchFailure(message: "cannot run python3: \(error)") }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchFailure(message: "make_synthetic.py failed") }
    }

    func run() throws {
        if workload.readsData { try ensureData() }
        let threads = self.threads ?? CPUBackend().threads
        let benchCPU = CPUBackend(threads: threads)
        Backends.register(benchCPU)
        Backends.setDefault(benchCPU.name)
        emit([("workload", "machine"), ("cores", CPUBackend().threads), ("threads", threads), ("blas_core", CPUBackend.blasCore)])
        let csv = file ?? data + "/train.csv"
        switch workload {
        case .gemm: benchGEMM(sizes: sizeList, threadCounts: Array(Set([1, threads])).sorted())
        case .dense: benchDense(threads: 1); if threads > 1 { benchDense(threads: threads) }
        case .overhead: benchOverhead(threads: threads)
        case .csv: try benchCSV(path: csv, threads: threads, withPandas: !noPandas)
        case .linear, .wide: try benchLinear(path: csv, threads: threads, steps: steps, wide: workload == .wide)
        case .trees: try benchTrees(path: csv, threads: threads, trees: trees)
        case .dnn: try benchDNN(path: csv, threads: threads, steps: steps)
        case .input: try benchInput(path: csv, threads: threads)
        case .predict:
            let made = try makeExport.map { try makeDNNExport(at: $0, data: csv, threads: threads) }
            try benchPredict(export: export ?? made!, path: csv, threads: threads, batch: batch, memoryRows: rows)
        case .tuiFrame: benchTUIFrame()
        case .tuiKeys: try benchTUIKeys(threads: threads)
        case .tuiData: try benchTUIData(path: csv, visidata: visidata)
        case .all:
            benchOverhead(threads: threads)
            benchDense(threads: 1); if threads > 1 { benchDense(threads: threads) }
            benchGEMM(sizes: sizeList, threadCounts: Array(Set([1, threads])).sorted())
        }
    }
}

/// A benchmark that could not run (exit code 1).
struct BenchFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
