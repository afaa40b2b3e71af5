import CoreMetrics
import PBXCore
import Prometheus
import Synchronization

// Prometheus has its own Counter and Gauge; these are swift-metrics' front-end types.
private typealias Counter = CoreMetrics.Counter
private typealias Timer = CoreMetrics.Timer
private typealias Gauge = CoreMetrics.Gauge

/// Every metric the gateway exports, recorded through swift-metrics into one Prometheus
/// registry that is passed in (no global factory), and rendered for `/metrics` from there.
///
/// Label values come only from the configuration (tenant ids, vendor names, key names) or
/// from closed sets the gateway defines (route templates, status codes, error kinds); a
/// tenant id that is not configured is recorded as `none`, so a client can never mint a
/// new time series by sending a new string.
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// Configured tenant id → vendor name.
    private let vendors: [String: String]

    private struct RequestSeries: Hashable { var route: String; var status: Int; var tenant: String }
    private struct LatencySeries: Hashable { var route: String; var tenant: String }
    private struct CacheSeries: Hashable { var tenant: String; var kind: ResourceKind; var result: CacheResult }
    /// One attempt at a tenant's vendor as the resilience layer saw it (`outcome` is `ok` or
    /// an `UpstreamFailure.label`, a closed set).
    private struct AttemptSeries: Hashable { var tenant: String; var outcome: String }
    private struct AttemptHandles { var requests: Counter; var errors: Counter?; var duration: Timer }
    /// One HTTP exchange an adapter reported, by status class (1...5; 0 other; -1 no response).
    private struct VendorCallSeries: Hashable { var tenant: String; var statusClass: Int }
    private struct VendorCallHandles { var requests: Counter; var duration: Timer }
    /// A request series' counter with its route and tenant's latency timer, found together.
    private struct RequestHandles { var counter: Counter; var timer: Timer }
    private struct Handles {
        /// Keyed by the tenant as given (see `recordRequest`), each with its labelled handles.
        var requests: [RequestSeries: RequestHandles] = [:]
        var latency: [LatencySeries: Timer] = [:]
        var cacheLookups: [CacheSeries: Counter] = [:]
        var counters: [String: Counter] = [:]
        var timers: [String: Timer] = [:]
    }
    // Handles are created once per label set and reused: creating one costs a registry
    // lookup and an allocation, which the per-request path should not pay.
    private let handles = Mutex(Handles())
    private let attempts = SeriesTable<AttemptSeries, AttemptHandles>()
    private let vendorCalls = SeriesTable<VendorCallSeries, VendorCallHandles>()

    public static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2_500),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10),
    ]

    /// - Parameter tenants: configured tenant id → vendor name; the only tenant and vendor
    ///   label values that will ever appear.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), tenants: [String: String] = [:]) {
        self.registry = registry
        self.vendors = tenants
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        self.factory = factory
    }

    /// Prometheus text exposition format (0.0.4) of everything recorded.
    public func render() -> [UInt8] { registry.emitToBuffer() }

    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    // MARK: Requests

    /// One finished client request. `route` is the matched template (nil: no route matched).
    /// Every request comes through here, so it costs one dictionary lookup: the series is
    /// keyed by the tenant as given, and the label check (configured or `none`) runs only
    /// when a series is first seen. A tenant that is not configured is only ever stored
    /// under `none`, so unknown strings cannot grow the table.
    public func recordRequest(route: String?, status: Int, tenant: String?, duration: Duration) {
        let series = RequestSeries(route: route ?? "unmatched", status: status, tenant: tenant ?? "none")
        let found = handles.withLock { h -> RequestHandles in
            if let existing = h.requests[series] { return existing }
            var labelled = series
            labelled.tenant = tenantLabel(tenant)
            if let existing = h.requests[labelled] { return existing }
            let counter = Counter(label: "switchboard_http_requests_total", dimensions: [
                ("route", labelled.route), ("status", String(labelled.status)), ("tenant", labelled.tenant),
            ], factory: factory)
            let latencyKey = LatencySeries(route: labelled.route, tenant: labelled.tenant)
            let timer = h.latency[latencyKey] ?? {
                let t = Timer(label: "switchboard_http_request_duration_seconds",
                              dimensions: [("route", labelled.route), ("tenant", labelled.tenant)], factory: factory)
                h.latency[latencyKey] = t
                return t
            }()
            let created = RequestHandles(counter: counter, timer: timer)
            h.requests[labelled] = created
            return created
        }
        found.counter.increment()
        found.timer.recordNanoseconds(duration.nanoseconds)
    }

    /// Per-method view kept for callers that do not know the route yet.
    @available(*, deprecated, message: "use recordRequest(route:status:tenant:duration:)")
    public func request(method: String, status: Int, seconds: Double) {
        recordRequest(route: nil, status: status, tenant: nil, duration: .seconds(seconds))
    }

    // MARK: Upstream

    /// One attempt at the vendor, as the resilience layer saw it (`outcome`: `ok` or an
    /// `UpstreamFailure.label`). Once per vendor call, so its handles are found by a typed key
    /// (as in `recordRequest`), not by a string built from the labels.
    public func recordUpstreamAttempt(tenant: String, outcome: String, duration: Duration) {
        let found = attempts.handles(AttemptSeries(tenant: tenant, outcome: outcome),
                                    labelled: { AttemptSeries(tenant: tenantLabel($0.tenant), outcome: $0.outcome) }) { series in
            let t = series.tenant, v = vendorLabel(tenant)
            return AttemptHandles(
                requests: Counter(label: "switchboard_upstream_requests_total",
                                  dimensions: [("vendor", v), ("tenant", t), ("outcome", outcome)], factory: factory),
                errors: outcome == "ok" ? nil : Counter(label: "switchboard_upstream_errors_total",
                                                        dimensions: [("vendor", v), ("tenant", t), ("error", outcome)], factory: factory),
                duration: Timer(label: "switchboard_upstream_duration_seconds", dimensions: [("vendor", v)], factory: factory))
        }
        found.requests.increment()
        found.errors?.increment()
        found.duration.recordNanoseconds(duration.nanoseconds)
    }

    public func recordRetry(tenant: String) {
        counter("switchboard_upstream_retries_total", [("vendor", vendorLabel(tenant)), ("tenant", tenantLabel(tenant))]).increment()
    }

    /// Events adapters report (pass `{ metrics.record($0) }` as their `events` hook). A vendor
    /// call's handles are found by a typed key, like `recordUpstreamAttempt`'s.
    public func record(_ event: AdapterEvent) {
        switch event {
        case .sessionLogin(let tenant, let success):
            counter("switchboard_vendor_logins_total", [("vendor", vendorLabel(tenant)), ("tenant", tenantLabel(tenant)),
                                                         ("result", success ? "success" : "failure")]).increment()
        case .upstreamCall(let tenant, _, let status, let seconds):
            let statusClass = status.map { (100...599).contains($0) ? $0 / 100 : 0 } ?? -1
            let found = vendorCalls.handles(VendorCallSeries(tenant: tenant, statusClass: statusClass),
                                        labelled: { VendorCallSeries(tenant: tenantLabel($0.tenant), statusClass: $0.statusClass) }) { series in
                let v = vendorLabel(tenant)
                return VendorCallHandles(
                    requests: Counter(label: "switchboard_vendor_http_requests_total",
                                      dimensions: [("vendor", v), ("tenant", series.tenant), ("status", status.map(Self.statusClass) ?? "error")],
                                      factory: factory),
                    duration: Timer(label: "switchboard_vendor_http_duration_seconds", dimensions: [("vendor", v)], factory: factory))
            }
            found.requests.increment()
            found.duration.recordSeconds(max(0, seconds))
        }
    }

    // MARK: Cache, coalescing, breakers, rate limits

    /// Every cache hit comes through here, so its handle is found by a typed key rather
    /// than the generic string-built one.
    /// Keyed like `recordRequest`: the label check only when a series is first seen.
    public func recordCacheLookup(tenant: String, kind: ResourceKind, result: CacheResult) {
        let series = CacheSeries(tenant: tenant, kind: kind, result: result)
        let counter = handles.withLock { h in
            if let existing = h.cacheLookups[series] { return existing }
            var labelled = series
            labelled.tenant = tenantLabel(tenant)
            if let existing = h.cacheLookups[labelled] { return existing }
            let created = Counter(label: "switchboard_cache_lookups_total", dimensions: [
                ("tenant", labelled.tenant), ("kind", kind.rawValue), ("result", result.rawValue),
            ], factory: factory)
            h.cacheLookups[labelled] = created
            return created
        }
        counter.increment()
    }

    public func recordCoalesced(tenant: String) {
        counter("switchboard_coalesced_requests_total", [("tenant", tenantLabel(tenant))]).increment()
    }

    public func recordRateLimited(keyName: String) {
        counter("switchboard_rate_limited_total", [("key", keyName)]).increment()
    }

    /// 0 ok, 1 degraded, 2 open; set when `/metrics` is scraped.
    public func setCircuit(tenant: String, status: CircuitBreaker.Status) {
        let value: Int64 = switch status { case .ok: 0; case .degraded: 1; case .open: 2 }
        Gauge(label: "switchboard_circuit_state", dimensions: [("tenant", tenantLabel(tenant))], factory: factory)
            .record(value)
    }

    /// Vendor calls in flight and requests queued behind them, per tenant (the bulkhead).
    public func setBulkhead(tenant: String, inFlight: Int, queued: Int) {
        let t = tenantLabel(tenant)
        Gauge(label: "switchboard_bulkhead_in_flight", dimensions: [("tenant", t)], factory: factory).record(Int64(inFlight))
        Gauge(label: "switchboard_bulkhead_queued", dimensions: [("tenant", t)], factory: factory).record(Int64(queued))
    }

    public func setCacheUsage(entries: Int, bytes: Int) {
        Gauge(label: "switchboard_cache_entries", dimensions: [], factory: factory).record(Int64(entries))
        Gauge(label: "switchboard_cache_bytes", dimensions: [], factory: factory).record(Int64(bytes))
    }

    // MARK: Labels

    func tenantLabel(_ tenant: String?) -> String {
        guard let tenant, vendors[tenant] != nil else { return "none" }
        return tenant
    }

    func vendorLabel(_ tenant: String) -> String { vendors[tenant] ?? "none" }

    static func statusClass(_ status: Int) -> String {
        (100...599).contains(status) ? "\(status / 100)xx" : "other"
    }

    private func seriesKey(_ name: String, _ labels: [(String, String)]) -> String {
        var key = name
        for (k, v) in labels { key += "\u{0}" + k + "=" + v }
        return key
    }

    private func counter(_ name: String, _ labels: [(String, String)]) -> Counter {
        handle(\.counters, name, labels) { Counter(label: name, dimensions: labels, factory: factory) }
    }

    private func timer(_ name: String, _ labels: [(String, String)]) -> Timer {
        handle(\.timers, name, labels) { Timer(label: name, dimensions: labels, factory: factory) }
    }

    private func handle<H: Sendable>(_ table: WritableKeyPath<Handles, [String: H]>, _ name: String, _ labels: [(String, String)],
                           make: () -> H) -> H {
        let key = seriesKey(name, labels)
        return handles.withLock { h in
            if let existing = h[keyPath: table][key] { return existing }
            let created = make()
            h[keyPath: table][key] = created
            return created
        }
    }
}

extension Duration {
    /// Whole nanoseconds, saturating (metrics want integers).
    var nanoseconds: Int64 {
        let (s, atto) = components
        let (ns, overflow) = s.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : ns + atto / 1_000_000_000
    }
}
