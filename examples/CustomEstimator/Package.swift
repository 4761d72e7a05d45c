// swift-tools-version: 6.1
import PackageDescription

// A custom estimator as a user writes one: a package of its own that depends on est by path,
// through est's library products only (docs/estimators.md, "A custom estimator").
let package = Package(
    name: "CustomEstimator",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "est", path: "../..")],
    targets: [
        .executableTarget(name: "TwoTower", dependencies: [
            .product(name: "Estimators", package: "est"),
            .product(name: "FeatureColumns", package: "est"),
            .product(name: "NN", package: "est"),
            .product(name: "Tensors", package: "est"),
            .product(name: "CPUBackend", package: "est"),
            .product(name: "Datasets", package: "est"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
