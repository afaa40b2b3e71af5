import Demo
import Foundation
import Gateway
import HTTPServer
import Logging
import PBXCore
import Simulators
import Upstream

/// A running gateway with simulators, for end-to-end tests: every vendor of `vendors` that
/// has a simulator gets one (tenant id = vendor name), the gateway serves them on a free
/// loopback port, and requests go over real sockets through a real HTTP client.
struct TestGateway: Sendable {
    let environment: DemoEnvironment
    let client: any UpstreamTransport
    /// Every log line the gateway wrote during the test.
    let logs: LogCapture

    /// - Parameter tenantOverrides: per vendor, config keys for its tenant
    ///   (`["pascom": ["timeoutSeconds": "1", "options.x": "y"]]`).
    static func start(vendors: [String] = SimulatorCatalog.vendors,
                      tenantOverrides: [String: [String: String]] = [:]) async throws -> TestGateway {
        let logs = LogCapture()
        let client = TestTransport.make()
        let environment = try await DemoEnvironment.start(vendors: vendors, port: 0, tenantOverrides: tenantOverrides,
                                                          transport: client, logger: logs.logger(level: .debug))
        return TestGateway(environment: environment, client: client, logs: logs)
    }

    /// Starts a gateway, runs `body`, and stops it again whether `body` throws or not.
    static func with<T>(vendors: [String] = SimulatorCatalog.vendors, tenantOverrides: [String: [String: String]] = [:],
                        _ body: (TestGateway) async throws -> T) async throws -> T {
        let gateway = try await start(vendors: vendors, tenantOverrides: tenantOverrides)
        do {
            let result = try await body(gateway)
            await gateway.stop()
            return result
        } catch {
            await gateway.stop()
            throw error
        }
    }

    var baseURL: String { environment.baseURL }
    /// Full access, all tenants.
    var key: String { environment.key }
    var readOnlyKey: String { environment.readOnlyKey }
    /// Vendors whose simulator runs (tenant ids), in catalog order.
    var vendors: [String] { environment.vendors }
    var application: GatewayApplication { environment.application }

    func simulator(_ vendor: String) -> SimulatorHost {
        guard let host = environment.simulators[vendor] else {
            preconditionFailure("no simulator for \(vendor) in this test gateway (running: \(vendors))")
        }
        return host
    }

    /// - Parameter key: default the full key; `.some(nil)` sends no Authorization header.
    func request(_ method: String, _ path: String, body: String? = nil, key: String?? = .none,
                 headers: [(String, String)] = []) async throws -> TestResponse {
        var all: [(name: String, value: String)] = []
        let chosen: String? = switch key { case .none: self.key; case .some(let k): k }
        if let chosen { all.append(("Authorization", "Bearer \(chosen)")) }
        if body != nil { all.append(("Content-Type", "application/json")) }
        for (n, v) in headers { all.append((n, v)) }
        let request = UpstreamRequest(method: method, url: baseURL + path, headers: all, body: body.map { Array($0.utf8) },
                                      connectTimeout: .seconds(10), timeout: .seconds(60))
        let response = try await client.send(request)
        return TestResponse(status: response.status, headers: response.headers, body: response.body)
    }

    func stop() async { await environment.stop() }
}

/// The HTTP client of the tests. The libcurl `CurlClient` replaces the interim Foundation
/// transport as soon as it is on main.
enum TestTransport {
    static func make() -> any UpstreamTransport { CurlClient() }
}
