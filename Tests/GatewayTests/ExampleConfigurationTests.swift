import Foundation
import Testing
@testable import Gateway
import Upstream

/// The shipped example configurations load (with placeholder environment values) and pass
/// the adapters' own option checks, so what the README points to actually works.
@Suite struct ExampleConfigurationTests {
    @Test(arguments: ["config/example.yaml", "config/single-tenant.yaml"])
    func exampleLoadsAndBuilds(file: String) throws {
        let path = ContractTests.root.appendingPathComponent(file).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // Every ${NAME} the file uses gets a placeholder; the sha256 ones a valid digest.
        var environment: [String: String] = [:]
        var rest = Substring(text)
        while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
            let name = String(rest[start.upperBound..<end])
            environment[name] = name.hasSuffix("SHA256") ? KeyStore.hashed("k") : name.hasSuffix("URL") ? "https://pbx.example.net/x/services/" : "placeholder-\(name)"
            rest = rest[rest.index(after: end)...]
        }
        let configuration = try ConfigurationLoader(environment: environment).load(path: path)
        #expect(!configuration.tenants.isEmpty && !configuration.keys.isEmpty)
        _ = try GatewayApplication(configuration: configuration, transport: NoTransport(), logger: .init(label: "t"))
    }
}

/// Building an application never calls a vendor; this transport proves it by failing.
struct NoTransport: UpstreamTransport {
    func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        throw UpstreamError(.cancelled, method: request.method, host: "", path: "")
    }
}
