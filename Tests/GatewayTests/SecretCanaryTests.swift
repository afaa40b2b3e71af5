import Testing
import Simulators

/// No credential ever leaves the gateway: marker strings planted in every secret of the
/// configuration (vendor passwords and API keys, the presented bearer keys) must not appear
/// in any response (body or header) nor in any log line, on happy and failing paths alike.
@Suite struct SecretCanaryTests {
    /// Every read, `include=raw` where allowed, plus writes and service endpoints.
    static func sweep(_ gw: TestGateway, vendor: String, wrongKey: String) async throws -> [TestResponse] {
        let t = "/v1/tenants/\(vendor)"
        var out: [TestResponse] = []
        for path in ["", "/calls?include=raw&since=2020-01-01", "/calls/active?include=raw", "/users?include=raw", "/queues?include=raw",
                     "/phonebook?include=raw", "/phonebook/lookup?number=%2B4922166966966", "/voicemail/boxes?include=raw",
                     "/devices?include=raw", "/numbers?include=raw", "/users/1?include=raw", "/calls/1?include=raw"] {
            out.append(try await gw.request("GET", t + path))
        }
        out.append(try await gw.request("POST", t + "/calls", body: #"{"from":"101","to":"+4922166966966"}"#))
        out.append(try await gw.request("POST", t + "/phonebook", body: #"{"name":"Canary"}"#))
        out.append(try await gw.request("GET", t + "/users", key: wrongKey))
        out.append(try await gw.request("GET", t + "/users?apiKey=\(wrongKey)"))
        for path in ["/readyz", "/metrics", "/healthz"] { out.append(try await gw.request("GET", path, key: .some(nil))) }
        return out
    }

    static func leaks(_ responses: [TestResponse], _ logs: [String], markers: [String]) -> [String] {
        var found: [String] = []
        for marker in markers {
            for r in responses where r.text.contains(marker) || r.headers.contains(where: { $0.value.contains(marker) }) {
                found.append("response \(r.status) contains \(marker)")
            }
            for line in logs where line.contains(marker) { found.append("log line contains \(marker): \(line.prefix(200))") }
        }
        return found
    }

    @Test(arguments: SimulatorCatalog.vendors.filter { SimulatorCatalog.make(vendor: $0) != nil })
    func plantedCredentialsNeverLeak(vendor: String) async throws {
        let markers = ["canary-pw-\(vendor)-5b1e", "canary-key-\(vendor)-9c2d"]
        let overrides = [vendor: ["password": markers[0], "apiKey": markers[1]]]
        let wrongKey = "canary-bearer-\(vendor)-77aa"
        try await TestGateway.with(vendors: [vendor], tenantOverrides: overrides) { gw in
            let responses = try await Self.sweep(gw, vendor: vendor, wrongKey: wrongKey)
            #expect(responses.contains { $0.status >= 500 }, "the vendor should have refused the planted credentials")
            #expect(gw.logs.all.count >= responses.count, "every request is logged")
            #expect(Self.leaks(responses, gw.logs.all, markers: markers + [wrongKey]) == [])
        }
    }

    @Test(arguments: SimulatorCatalog.vendors.filter { SimulatorCatalog.make(vendor: $0) != nil })
    func workingCredentialsNeverLeak(vendor: String) async throws {
        try await TestGateway.with(vendors: [vendor]) { gw in
            let credentials = gw.simulator(vendor).simulator.demoCredentials
            // Secrets only (user names may rightly appear as a user's name); long enough
            // that a match is not a coincidence.
            let secrets = ["password", "apiKey"].compactMap { credentials[$0] }.filter { $0.count >= 6 }
            let wrongKey = "canary-bearer-\(vendor)-31f0"
            let responses = try await Self.sweep(gw, vendor: vendor, wrongKey: wrongKey)
            #expect(responses.contains { $0.status == 200 && $0.text.contains("\"raw\"") }, "include=raw was never served")
            #expect(Self.leaks(responses, gw.logs.all, markers: secrets + [gw.key, wrongKey]) == [])
        }
    }
}
