// swift-tools-version: 6.1
import PackageDescription

// Loops in the CPU backend need AVX2/FMA to vectorise (see docs/dependencies.md, "Build flags"); the binary
// then requires a Haswell-or-newer x86-64 CPU. Other architectures build without the flag.
// SwiftPM refuses unsafe flags in a package used as a versioned (remote) dependency; a path dependency
// (examples/CustomEstimator) accepts them. EST_PORTABLE=1 builds without any of them (slower, portable).
let portable = Context.environment["EST_PORTABLE"] == "1"
#if arch(x86_64)
let fastCPU: [SwiftSetting] = portable ? [] : [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let fastCPU: [SwiftSetting] = []
#endif
// The CSV parser's hot loop appends to local column buffers; the runtime exclusivity checks
// on them cost ~15 % of parse time (measured with perf). Static checks still apply.
let fastParse: [SwiftSetting] = fastCPU + (portable ? [] : [.unsafeFlags(["-enforce-exclusivity=unchecked"])])

let package = Package(
    name: "est",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "est", targets: ["est"]),
        .executable(name: "est-bench", targets: ["est-bench"]),
        .executable(name: "est-serve", targets: ["est-serve"]),
        .library(name: "Tensors", targets: ["Tensors"]),
        .library(name: "NN", targets: ["NN"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "FeatureColumns", targets: ["FeatureColumns"]),
        .library(name: "Summaries", targets: ["Summaries"]),
        .library(name: "ONNX", targets: ["ONNX"]),
        .library(name: "Exports", targets: ["Exports"]),
        .library(name: "CPUBackend", targets: ["CPUBackend"]),
        .library(name: "Estimators", targets: ["Estimators"]),
        .library(name: "Workspaces", targets: ["Workspaces"]),
        .library(name: "Serving", targets: ["Serving"]),
    ],
    // The command line's parser, help, completion scripts; the HTTP server of est-serve only (see docs/dependencies.md for
    // why and their build cost). Hummingbird's default traits (swift-configuration, full Foundation) are not needed.
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .target(name: "Tensors", swiftSettings: fastCPU),
        .target(name: "CPUBackend", dependencies: ["Tensors", "CBLAS"], swiftSettings: fastCPU),
        .target(name: "NN", dependencies: ["Tensors"]),
        .target(name: "Datasets", dependencies: ["Tensors"], swiftSettings: fastParse),
        .target(name: "ProtoWire"),
        .target(name: "Summaries", dependencies: ["ProtoWire"]),
        .target(name: "ONNX", dependencies: ["Tensors", "ProtoWire"]),
        // The native runtime of exports: loads signature.json and runs model.onnx without the training code.
        .target(name: "Exports", dependencies: ["Tensors", "ProtoWire", "ONNX", "Datasets", "FeatureColumns"], swiftSettings: fastCPU),
        .target(name: "Estimators", dependencies: ["Tensors", "NN", "Datasets", "FeatureColumns", "Summaries", "ONNX", "Exports"]),
        .target(name: "FeatureColumns", dependencies: ["Tensors", "NN", "Datasets"], swiftSettings: fastCPU),
        .systemLibrary(name: "CCurses", path: "Sources/CCurses"),
        .target(name: "Workspaces", dependencies: ["Estimators", "Datasets", "FeatureColumns", "NN", "Tensors", "Summaries"]),
        .target(name: "Workbench", dependencies: ["Workspaces", "Estimators", "Datasets", "Summaries"]),
        .target(name: "TerminalUI", dependencies: ["Workbench", "CCurses"]),
        .target(name: "TestSupport", dependencies: ["Tensors", "CPUBackend", "NN", "Datasets", "ONNX"]),
        .target(name: "CLI", dependencies: [
            "Tensors", "CPUBackend", "NN", "Datasets", "FeatureColumns", "Summaries", "Estimators", "Exports", "Workspaces", "Workbench", "TerminalUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "est", dependencies: ["CLI"]),
        // TF Serving's REST API over exports; its own target and binary so `est` does not build the HTTP server.
        .target(name: "Serving", dependencies: ["Exports", "Datasets", .product(name: "Hummingbird", package: "hummingbird")]),
        .executableTarget(name: "est-serve", dependencies: [
            "Serving", "Exports", "Tensors", "CPUBackend", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "est-bench", dependencies: [
            "Tensors", "CPUBackend", "NN", "CBLAS", "Datasets", "FeatureColumns", "Estimators", "Exports", "ONNX", "Workspaces", "Workbench",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: fastCPU),
        // Fixtures and goldens are read through #filePath, not bundled as resources.
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "CPUBackend", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "FeatureColumns", "Tensors", "NN", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "EstimatorsTests", dependencies: [
            "Estimators", "Exports", "Workspaces", "Datasets", "FeatureColumns", "Tensors", "NN", "Summaries", "ONNX", "TestSupport",
        ], exclude: ["Fixtures"]),
        .testTarget(name: "WorkspacesTests", dependencies: ["Workspaces", "Estimators", "Datasets", "FeatureColumns", "Tensors", "NN", "TestSupport"]),
        .testTarget(name: "SummariesTests", dependencies: ["Summaries", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "Workspaces", "Estimators", "Summaries", "Tensors", "CPUBackend", "TestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "CLITests", dependencies: ["CLI", "Workspaces", "Exports", "ONNX", "TestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "ONNXTests", dependencies: ["ONNX", "ProtoWire", "Tensors", "NN", "TestSupport"]),
        .testTarget(name: "ExportsTests", dependencies: ["Exports", "Estimators", "ONNX", "Datasets", "FeatureColumns", "Tensors", "CPUBackend", "NN", "TestSupport"]),
        .testTarget(name: "ServingTests", dependencies: [
            "Serving", "Exports", "Datasets", .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "NNTests", dependencies: ["Tensors", "CPUBackend", "NN", "TestSupport"], exclude: ["Goldens"]),
    ],
    swiftLanguageModes: [.v6]
)
