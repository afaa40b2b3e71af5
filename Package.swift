// swift-tools-version:6.1
import PackageDescription

// Data flows one way: HTTPServer → Gateway → PBXCore ← Adapters → Upstream → vendor.
// Nothing depends on Gateway; Simulators only depend on HTTPServer.
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

func adapter(_ name: String) -> Target {
    .target(name: name, dependencies: ["PBXCore", "Upstream"], path: "Sources/Adapters/\(name)", swiftSettings: strict)
}

func adapterTests(_ name: String) -> Target {
    .testTarget(name: "\(name)Tests", dependencies: [.target(name: name), "PBXCore", "Upstream"],
                resources: [.copy("Fixtures")], swiftSettings: strict)
}

let package = Package(
    name: "switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .target(name: "CSystem"),

        .target(name: "HTTPServer", dependencies: ["CSystem"], swiftSettings: strict),
        .executableTarget(name: "HTTPParserFuzz", dependencies: ["HTTPServer"], swiftSettings: strict),
        .executableTarget(name: "HTTPBenchServer", dependencies: ["HTTPServer"], swiftSettings: strict),
        .target(name: "Upstream", dependencies: ["CCurl"], swiftSettings: strict),
        // libcurl transfers run on the HTTP event loops themselves (CurlLoopDriver hosted by an EventLoopExtension).
        .target(name: "EventLoopCurl", dependencies: ["HTTPServer", "Upstream"], swiftSettings: strict),
        .executableTarget(name: "UpstreamBench", dependencies: ["Upstream", "HTTPServer", "EventLoopCurl"], swiftSettings: strict),
        .target(name: "PBXCore", swiftSettings: strict),
        adapter("Pascom"),
        adapter("Fonial"),
        adapter("VitalPBX"),
        adapter("PBXCloud"),
        .target(name: "Simulators", dependencies: ["HTTPServer"], swiftSettings: strict),
        .target(name: "Gateway", dependencies: [
            "HTTPServer", "PBXCore", "Upstream", "EventLoopCurl", "COpenSSL",
            "Pascom", "Fonial", "VitalPBX", "PBXCloud",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Yams", package: "Yams"),
        ], resources: [.copy("Resources")], swiftSettings: strict),
        .target(name: "Demo", dependencies: ["Gateway", "Simulators"], swiftSettings: strict),
        .executableTarget(name: "switchboard", dependencies: [
            "Gateway", "Simulators", "Demo", "HTTPServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),

        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"], swiftSettings: strict),
        .testTarget(name: "UpstreamTests", dependencies: ["Upstream", "HTTPServer", "EventLoopCurl"], swiftSettings: strict),
        .testTarget(name: "PBXCoreTests", dependencies: ["PBXCore"], swiftSettings: strict),
        adapterTests("Pascom"),
        adapterTests("Fonial"),
        adapterTests("VitalPBX"),
        adapterTests("PBXCloud"),
        .testTarget(name: "SimulatorsTests", dependencies: ["Simulators", "HTTPServer", "Upstream"], swiftSettings: strict),
        .testTarget(name: "GatewayTests", dependencies: [
            "Gateway", "Demo", "Simulators", "HTTPServer", "Upstream", "EventLoopCurl", "PBXCore",
        ], swiftSettings: strict),
    ]
)
