// swift-tools-version:6.2
// The benchmark's second reference server: Hummingbird 2 (SwiftNIO), the Swift server people
// use today. Built only by bench/gateway.bench.sh, in its own scratch path; never part of the
// project's Package.swift graph (the project itself does not depend on SwiftNIO).
import PackageDescription

let package = Package(
    name: "hummingbird-reference",
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdReference",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")]
        ),
    ]
)
