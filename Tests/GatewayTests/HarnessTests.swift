import Testing
import Simulators

/// The harness itself, over real sockets: the demo environment comes up with one tenant per
/// available simulator, keys work, and the gateway reaches each simulator.
@Suite struct HarnessTests {
    @Test func gatewayServesEveryAvailableSimulatorAsATenant() async throws {
        try await TestGateway.with { gateway in try await check(gateway) }
    }

    func check(_ gateway: TestGateway) async throws {
        let expected = SimulatorCatalog.vendors.filter { SimulatorCatalog.make(vendor: $0) != nil }
        #expect(gateway.vendors == expected)

        let tenants = try await gateway.request("GET", "/v1/tenants")
        #expect(tenants.status == 200)
        #expect(tenants.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == expected)

        #expect(try await gateway.request("GET", "/v1/tenants", key: .some(nil)).status == 401)
        #expect(try await gateway.request("GET", "/healthz", key: .some(nil)).status == 200)

        for vendor in gateway.vendors {
            let tenant = try await gateway.request("GET", "/v1/tenants/\(vendor)")
            let capabilities = tenant.json?["capabilities"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard capabilities.contains("users.list") else { continue }
            gateway.simulator(vendor).simulator.control.resetCounters()
            let users = try await gateway.request("GET", "/v1/tenants/\(vendor)/users")
            #expect(users.status == 200, "\(vendor): \(users.text)")
            #expect(users.json?["data"]?.arrayValue?.isEmpty == false, "\(vendor)")
            #expect(gateway.simulator(vendor).simulator.control.counters.values.reduce(0, +) > 0, "\(vendor) simulator was not called")
        }
    }
}
