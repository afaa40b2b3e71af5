@testable import Demo
import Gateway
import HTTPServer
import PBXCore
import Simulators
import Upstream

/// A real gateway on loopback in front of real simulators, with the resilience layer's
/// settings and its monotonic clock in the test's hands (TTLs, cool-downs and token buckets
/// move only when the test advances `clock`). Tenant id = vendor name, as in the demo.
/// Besides the full key there is `limitedKey`, rate-limited to `rateLimit`.
struct ResilienceGateway: Sendable {
    let application: GatewayApplication
    let simulators: [String: SimulatorHost]
    let client: any UpstreamTransport
    let clock: ManualClock
    let logs: LogCapture
    static let key = "resilience-full-key-0123456789"
    static let limitedKey = "resilience-limited-key-0123456789"
    var key: String { Self.key }
    var limitedKey: String { Self.limitedKey }

    static func with<T>(vendors: [String], overrides: [String: [String: String]] = [:],
                        rateLimit: RateLimitRule = RateLimitRule(requestsPerSecond: 1, burst: 3),
                        resilience: ResilienceLayer.Configuration = .init(), transport: (any UpstreamTransport)? = nil,
                        _ body: (ResilienceGateway) async throws -> T) async throws -> T {
        let gateway = try await start(vendors: vendors, overrides: overrides, rateLimit: rateLimit, resilience: resilience,
                                      transport: transport)
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body(gateway)) } catch { outcome = .failure(error) }
        await gateway.stop()
        return try outcome.get()
    }

    static func start(vendors: [String], overrides: [String: [String: String]], rateLimit: RateLimitRule,
                      resilience: ResilienceLayer.Configuration,
                      transport: (any UpstreamTransport)? = nil) async throws -> ResilienceGateway {
        var hosts: [String: SimulatorHost] = [:]
        do {
            for vendor in vendors {
                let host = SimulatorHost(simulator: SimulatorCatalog.make(vendor: vendor)!)
                try host.start()
                hosts[vendor] = host
            }
            let clock = ManualClock()
            let logs = LogCapture()
            // Generous deadlines unless a test sets its own: a loaded machine can stall the
            // test process for seconds, which must not turn into 504s.
            var settings: [String: [String: String]] = [:]
            for vendor in vendors { settings[vendor] = ["timeoutSeconds": "120"].merging(overrides[vendor] ?? [:]) { $1 } }
            var yaml = DemoConfiguration.yaml(simulators: hosts, port: 0, key: key, readOnlyKey: "unused-read-only-key-0123",
                                              overrides: settings)
            yaml += "  - name: limited\n    key: \"\(limitedKey)\"\n    tenants: [\"*\"]\n"
            yaml += "    rateLimit: {requestsPerSecond: \(rateLimit.requestsPerSecond), burst: \(rateLimit.burst)}\n"
            let configuration = try ConfigurationLoader(environment: [:]).parse(yaml: yaml)
            let application = try GatewayApplication(configuration: configuration, transport: transport ?? CurlClient(),
                                                     logger: logs.logger(level: .info), resilience: resilience, monotonicClock: clock)
            try application.start()
            return ResilienceGateway(application: application, simulators: hosts, clock: clock, logs: logs)
        } catch {
            for host in hosts.values { await host.shutdown() }
            throw error
        }
    }

    private init(application: GatewayApplication, simulators: [String: SimulatorHost], clock: ManualClock, logs: LogCapture) {
        self.application = application
        self.simulators = simulators
        self.client = CurlClient()
        self.clock = clock
        self.logs = logs
    }

    func control(_ vendor: String) -> SimulatorControl { simulators[vendor]!.simulator.control }

    var baseURL: String { "http://127.0.0.1:\(application.port)" }

    /// - Parameter key: the full key unless given; `.some(nil)` sends none.
    func request(_ method: String, _ path: String, body: String? = nil, key: String?? = .none) async throws -> TestResponse {
        var headers: [(name: String, value: String)] = []
        let chosen: String? = switch key { case .none: self.key; case .some(let k): k }
        if let chosen { headers.append(("Authorization", "Bearer \(chosen)")) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let response = try await client.send(UpstreamRequest(method: method, url: baseURL + path, headers: headers,
                                                             body: body.map { Array($0.utf8) },
                                                             connectTimeout: .seconds(30), timeout: .seconds(240)))
        return TestResponse(status: response.status, headers: response.headers, body: response.body)
    }

    func get(_ path: String, key: String?? = .none) async throws -> TestResponse { try await request("GET", path, key: key) }

    func stop() async {
        for host in simulators.values { host.simulator.control.setFaults(SimulatorFaults()) }
        await application.shutdown()
        for host in simulators.values { await host.shutdown() }
    }
}
