import PBXCore
import Prometheus
import Testing
@testable import Gateway

@Suite struct GatewayMetricsTests {
    func text(_ m: GatewayMetrics) -> String { String(decoding: m.render(), as: UTF8.self) }

    /// The value of the one sample line that has `name` and all `labels`.
    func sample(_ text: String, _ name: String, _ labels: [String: String]) -> Double? {
        let lines = text.split(separator: "\n").filter { line in
            line.hasPrefix(name + "{") && labels.allSatisfy { line.contains("\($0.key)=\"\($0.value)\"") }
        }
        guard lines.count == 1, let value = lines[0].split(separator: " ").last else { return nil }
        return Double(value)
    }

    @Test func requestsAreCountedByRouteTemplateStatusAndTenant() {
        let m = GatewayMetrics(registry: PrometheusCollectorRegistry(), tenants: ["acme": "pascom"])
        for _ in 0..<3 {
            m.recordRequest(route: "/v1/tenants/{tenant}/users", status: 200, tenant: "acme", duration: .milliseconds(2))
        }
        m.recordRequest(route: "/v1/tenants/{tenant}/users", status: 404, tenant: "acme", duration: .milliseconds(1))
        let t = text(m)
        #expect(sample(t, "switchboard_http_requests_total", ["route": "/v1/tenants/{tenant}/users", "status": "200", "tenant": "acme"]) == 3)
        #expect(sample(t, "switchboard_http_requests_total", ["status": "404"]) == 1)
        #expect(sample(t, "switchboard_http_request_duration_seconds_count", ["tenant": "acme"]) == 4)
        #expect(t.contains("# TYPE switchboard_http_request_duration_seconds histogram"))
    }

    @Test func clientStringsNeverBecomeLabels() {
        let m = GatewayMetrics(registry: PrometheusCollectorRegistry(), tenants: ["acme": "pascom"])
        m.recordRequest(route: nil, status: 404, tenant: "evil\"tenant", duration: .milliseconds(1))
        m.recordCacheLookup(tenant: "made-up", kind: .users, result: .miss)
        let t = text(m)
        #expect(!t.contains("evil"))
        #expect(!t.contains("made-up"))
        #expect(sample(t, "switchboard_http_requests_total", ["route": "unmatched", "tenant": "none"]) == 1)
        #expect(sample(t, "switchboard_cache_lookups_total", ["tenant": "none", "result": "miss"]) == 1)
    }

    @Test func upstreamCacheBreakerAndLoginSeries() {
        let m = GatewayMetrics(registry: PrometheusCollectorRegistry(), tenants: ["acme": "pascom", "beta": "fonial"])
        m.recordUpstreamAttempt(tenant: "acme", outcome: "ok", duration: .milliseconds(30))
        m.recordUpstreamAttempt(tenant: "acme", outcome: "unavailable", duration: .milliseconds(2))
        m.recordRetry(tenant: "acme")
        m.recordCacheLookup(tenant: "acme", kind: .users, result: .hit)
        m.recordCacheLookup(tenant: "acme", kind: .users, result: .hit)
        m.recordCacheLookup(tenant: "acme", kind: .users, result: .stale)
        m.recordCoalesced(tenant: "acme")
        m.setCircuit(tenant: "acme", status: .open)
        m.setCircuit(tenant: "beta", status: .ok)
        m.record(.sessionLogin(tenant: "beta", success: true))
        m.record(.sessionLogin(tenant: "beta", success: false))
        m.record(.upstreamCall(tenant: "beta", operation: "user/list", status: 200, seconds: 0.05))
        m.recordRateLimited(keyName: "crm")
        m.setCacheUsage(entries: 3, bytes: 4096)
        m.setBulkhead(tenant: "acme", inFlight: 7, queued: 2)
        let t = text(m)
        #expect(sample(t, "switchboard_upstream_requests_total", ["vendor": "pascom", "outcome": "ok"]) == 1)
        #expect(sample(t, "switchboard_upstream_errors_total", ["vendor": "pascom", "error": "unavailable"]) == 1)
        #expect(sample(t, "switchboard_upstream_duration_seconds_count", ["vendor": "pascom"]) == 2)
        #expect(sample(t, "switchboard_upstream_retries_total", ["tenant": "acme"]) == 1)
        #expect(sample(t, "switchboard_cache_lookups_total", ["result": "hit", "kind": "users"]) == 2)
        #expect(sample(t, "switchboard_cache_lookups_total", ["result": "stale"]) == 1)
        #expect(sample(t, "switchboard_coalesced_requests_total", ["tenant": "acme"]) == 1)
        #expect(sample(t, "switchboard_circuit_state", ["tenant": "acme"]) == 2)
        #expect(sample(t, "switchboard_circuit_state", ["tenant": "beta"]) == 0)
        #expect(sample(t, "switchboard_vendor_logins_total", ["vendor": "fonial", "result": "success"]) == 1)
        #expect(sample(t, "switchboard_vendor_logins_total", ["vendor": "fonial", "result": "failure"]) == 1)
        #expect(sample(t, "switchboard_vendor_http_requests_total", ["vendor": "fonial", "status": "2xx"]) == 1)
        #expect(sample(t, "switchboard_rate_limited_total", ["key": "crm"]) == 1)
        #expect(t.contains("switchboard_cache_bytes 4096"))
        #expect(sample(t, "switchboard_bulkhead_in_flight", ["tenant": "acme"]) == 7)
        #expect(sample(t, "switchboard_bulkhead_queued", ["tenant": "acme"]) == 2)
    }

    @Test func registriesAreIndependent() {
        let a = GatewayMetrics(registry: PrometheusCollectorRegistry(), tenants: ["acme": "pascom"])
        let b = GatewayMetrics(registry: PrometheusCollectorRegistry(), tenants: ["acme": "pascom"])
        a.recordCoalesced(tenant: "acme")
        #expect(text(a).contains("switchboard_coalesced_requests_total"))
        #expect(!text(b).contains("switchboard_coalesced_requests_total"))
    }
}
