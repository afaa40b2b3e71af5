import Prometheus
import PBXCore

/// Prometheus metrics of one application instance (its own registry, no global metrics
/// system). Labels hold only configuration- or code-chosen values: methods, status codes,
/// tenant ids from the config, adapter operation names; never a path or a query.
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    static var requests: MetricNameDescriptor { MetricNameDescriptor(namespace: "switchboard", metricName: "http_requests", unitName: "total",
                                               helpText: "Requests answered, by method and status.") }
    static var requestSeconds: MetricNameDescriptor { MetricNameDescriptor(namespace: "switchboard", metricName: "http_request_duration", unitName: "seconds",
                                                     helpText: "Time from parsed request to response.") }
    static var logins: MetricNameDescriptor { MetricNameDescriptor(namespace: "switchboard", metricName: "vendor_logins", unitName: "total",
                                             helpText: "Vendor session logins (fonial), by tenant and outcome.") }
    static var upstreamCalls: MetricNameDescriptor { MetricNameDescriptor(namespace: "switchboard", metricName: "upstream_calls", unitName: "total",
                                                    helpText: "Calls to vendors, by tenant, operation and HTTP status.") }
    static var upstreamSeconds: MetricNameDescriptor { MetricNameDescriptor(namespace: "switchboard", metricName: "upstream_call_duration", unitName: "seconds",
                                                      helpText: "Duration of vendor calls, by tenant.") }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    func request(method: String, status: Int, seconds: Double) {
        registry.makeCounter(descriptor: Self.requests, labels: [("method", method), ("status", String(status))]).increment()
        registry.makeValueHistogram(descriptor: Self.requestSeconds, labels: [("method", method)],
                                    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10]).record(seconds)
    }

    /// Hook handed to adapters.
    func record(_ event: AdapterEvent) {
        switch event {
        case .sessionLogin(let tenant, let success):
            registry.makeCounter(descriptor: Self.logins, labels: [("tenant", tenant), ("success", success ? "true" : "false")]).increment()
        case .upstreamCall(let tenant, let operation, let status, let seconds):
            registry.makeCounter(descriptor: Self.upstreamCalls,
                                 labels: [("tenant", tenant), ("operation", operation), ("status", status.map(String.init) ?? "error")]).increment()
            registry.makeValueHistogram(descriptor: Self.upstreamSeconds, labels: [("tenant", tenant)],
                                        buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]).record(seconds)
        }
    }

    public func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
