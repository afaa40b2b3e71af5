import HTTPServer
import PBXCore

/// Everything between a route handler and a tenant's adapter: the response cache, request
/// coalescing, the per-tenant bulkhead and circuit breaker, retries within a budget and the
/// request's one deadline. Reads go cache → coalescer → bulkhead → breaker → retry →
/// deadline → adapter; writes skip cache, coalescer and retry, and then invalidate what
/// they changed.
public final class ResilienceLayer: Sendable {
    public struct Configuration: Sendable {
        public var cache: ResponseCache.Configuration
        public var breaker: CircuitBreaker.Configuration
        public var retry: RetryPolicy
        /// Share of first attempts that retries may add (0.1 = at most 10 % extra load).
        public var retryBudgetRatio: Double
        /// Vendor calls one tenant may have in flight, and callers that may wait for one of
        /// them (see `Bulkhead` for the numbers). Code-level only: API.md lists the tenant
        /// settings a configuration file may carry, and these are not among them.
        public var maxInFlightPerTenant: Int
        public var maxQueuedPerTenant: Int

        public init(cache: ResponseCache.Configuration = .init(), breaker: CircuitBreaker.Configuration = .init(),
                    retry: RetryPolicy = RetryPolicy(), retryBudgetRatio: Double = 0.1,
                    maxInFlightPerTenant: Int = Bulkhead.defaultLimit, maxQueuedPerTenant: Int = Bulkhead.defaultMaxQueued) {
            self.cache = cache
            self.breaker = breaker
            self.retry = retry
            self.retryBudgetRatio = retryBudgetRatio
            self.maxInFlightPerTenant = maxInFlightPerTenant
            self.maxQueuedPerTenant = maxQueuedPerTenant
        }
    }

    public let cache: ResponseCache
    public let configuration: Configuration
    private let tenants: [String: TenantResilience]
    private let coalescer = RequestCoalescer<CacheKey, CachedResponse>()
    private let metrics: GatewayMetrics?
    private let clock: any MonotonicClock

    /// - Parameter ttls: the configured tenants (ids from the configuration) and their TTLs.
    public init(tenants ttls: [String: ResourceTTLs], configuration: Configuration = .init(),
                metrics: GatewayMetrics? = nil, clock: any MonotonicClock = SystemMonotonicClock()) {
        self.configuration = configuration
        self.cache = ResponseCache(configuration: configuration.cache, ttls: ttls, clock: clock)
        self.tenants = Dictionary(uniqueKeysWithValues: ttls.keys.map { ($0, Self.makeTenant($0, configuration, clock)) })
        self.metrics = metrics
        self.clock = clock
    }

    /// The tenant's breaker and budget. Tenants are resolved against the configuration
    /// before they get here; an unknown id is a programming error and gets a private,
    /// throw-away set rather than a crash or another tenant's state.
    public func tenant(_ id: String) -> TenantResilience {
        tenants[id] ?? Self.makeTenant(id, configuration, clock)
    }

    private static func makeTenant(_ id: String, _ configuration: Configuration, _ clock: any MonotonicClock) -> TenantResilience {
        TenantResilience(tenant: id, breaker: CircuitBreaker(tenant: id, configuration: configuration.breaker, clock: clock),
                         retryBudget: RetryBudget(ratio: configuration.retryBudgetRatio),
                         bulkhead: Bulkhead(limit: configuration.maxInFlightPerTenant, maxQueued: configuration.maxQueuedPerTenant))
    }

    /// Each configured tenant's circuit, for `/readyz` and metrics.
    public var circuitStatuses: [String: CircuitBreaker.Status] { tenants.mapValues { $0.breaker.status } }

    /// The fast path: a fresh entry, or nil. Synchronous and lock-only, for handlers that
    /// want to answer a hit before doing any other work.
    public func cachedAnswer(_ key: CacheKey, trace: RequestTrace? = nil) -> CacheOutcome? {
        guard case .fresh(let response, let age) = cache.lookup(key) else { return nil }
        note(key, .hit, trace)
        return CacheOutcome(response: response, result: .hit, age: age)
    }

    /// The fast path as the client will see it: a fresh entry rendered by `render` (see
    /// `ResponseCache.freshResponse`), or nil. Counted like `cachedAnswer`.
    public func cachedResponse(_ key: CacheKey, trace: RequestTrace? = nil,
                               render: @Sendable (CacheOutcome) -> HTTPResponse) -> HTTPResponse? {
        guard let response = cache.freshResponse(key, render: render) else { return nil }
        note(key, .hit, trace)
        return response
    }

    /// A cacheable read. `fetch` calls the adapter and encodes the answer; it runs at most
    /// once for all concurrent requests with the same key, and only when no fresh entry
    /// exists. When the vendor fails and an entry within the stale window exists, that
    /// entry is the answer (`X-Cache: stale`).
    /// `enforced`: the adapter ends its own waits at the deadline (`PBXAdapter.enforcesDeadline`).
    public func read(_ key: CacheKey, context: PBXContext, trace: RequestTrace? = nil, enforced: Bool = false,
                     fetch: @escaping @Sendable (PBXContext) async throws -> CachedResponse) async throws -> CacheOutcome {
        let stale: (CachedResponse, Duration)?
        let ticket: ResponseCache.FillTicket
        switch cache.lookup(key) {
        case .fresh(let response, let age):
            note(key, .hit, trace)
            return CacheOutcome(response: response, result: .hit, age: age)
        case .stale(let response, let age, let t):
            stale = (response, age)
            ticket = t
        case .miss(let t):
            stale = nil
            ticket = t
        }
        do {
            let (response, shared) = try await coalescer.run(key) {
                let response = try await call(tenant: key.tenant, idempotent: true, context: context, trace: trace, enforced: enforced, fetch)
                cache.store(response, for: key, ticket: ticket)
                return response
            }
            if shared { metrics?.recordCoalesced(tenant: key.tenant) }
            note(key, .miss, trace)
            return CacheOutcome(response: response, result: .miss, age: .zero)
        } catch {
            trace?.setUpstreamError(UpstreamFailure.label(error))
            guard let (response, age) = stale, Self.allowsStale(error) else { throw error }
            note(key, .stale, trace)
            return CacheOutcome(response: response, result: .stale, age: age)
        }
    }

    /// A write: never retried, never coalesced. Whatever kinds it may have changed are
    /// invalidated for the tenant once the vendor was asked, even when the answer was an
    /// error (a timed-out write may well have happened).
    public func write<T: Sendable>(tenant: String, capability: Capability, context: PBXContext, trace: RequestTrace? = nil,
                                   enforced: Bool = false, _ operation: @escaping @Sendable (PBXContext) async throws -> T) async throws -> T {
        let kinds = ResourceKind.invalidated(by: capability)
        do {
            let value = try await call(tenant: tenant, idempotent: false, context: context, trace: trace, enforced: enforced, operation)
            cache.invalidate(tenant: tenant, kinds: kinds)
            return value
        } catch {
            trace?.setUpstreamError(UpstreamFailure.label(error))
            if !(error is CircuitOpenError) { cache.invalidate(tenant: tenant, kinds: kinds) }
            throw error
        }
    }

    /// An uncached call through bulkhead, breaker, retry (reads only) and deadline.
    public func call<T: Sendable>(tenant id: String, idempotent: Bool, context: PBXContext, trace: RequestTrace? = nil,
                                  enforced: Bool = false, _ operation: @escaping @Sendable (PBXContext) async throws -> T) async throws -> T {
        let tenant = tenant(id)
        let policy = idempotent ? configuration.retry : .never
        return try await tenant.bulkhead.run(tenant: id, until: context.deadline) {
            try await tenant.breaker.run {
                try await policy.run(idempotent: idempotent, budget: tenant.retryBudget, deadline: context.deadline, clock: clock,
                                     onRetry: { [metrics] _ in metrics?.recordRetry(tenant: id) }) {
                    try await attempt(tenant: id, context: context, trace: trace, enforced: enforced, operation)
                }
            }
        }
    }

    /// One try at the vendor, cut at the deadline, counted and timed.
    private func attempt<T: Sendable>(tenant: String, context: PBXContext, trace: RequestTrace?, enforced: Bool,
                                      _ operation: @escaping @Sendable (PBXContext) async throws -> T) async throws -> T {
        trace?.addUpstreamCall()
        let started = ContinuousClock.now
        do {
            let value = try await Deadline.run(tenant: tenant, until: context.deadline, enforced: enforced) { try await operation(context) }
            metrics?.recordUpstreamAttempt(tenant: tenant, outcome: "ok", duration: .now - started)
            return value
        } catch {
            metrics?.recordUpstreamAttempt(tenant: tenant, outcome: UpstreamFailure.label(error), duration: .now - started)
            throw error
        }
    }

    /// Sets the gauges that are sampled rather than counted (before rendering `/metrics`).
    public func updateGauges() {
        guard let metrics else { return }
        for (tenant, status) in circuitStatuses { metrics.setCircuit(tenant: tenant, status: status) }
        for (id, tenant) in tenants {
            metrics.setBulkhead(tenant: id, inFlight: tenant.bulkhead.current, queued: tenant.bulkhead.queued)
        }
        let usage = cache.usage
        metrics.setCacheUsage(entries: usage.entries, bytes: usage.bytes)
    }

    private func note(_ key: CacheKey, _ result: CacheResult, _ trace: RequestTrace?) {
        trace?.setCache(result)
        metrics?.recordCacheLookup(tenant: key.tenant, kind: key.kind, result: result)
    }

    /// Stale answers cover vendor trouble, including a tenant so busy that the bulkhead
    /// turned the request away (a slightly old answer beats a 503 or 504 for a read); a 404
    /// or 400 from the vendor is the answer.
    static func allowsStale(_ error: any Error) -> Bool {
        error is CircuitOpenError || error is BulkheadFull || error is BulkheadTimeout
            || UpstreamFailure.countsAgainstVendor(error)
    }
}
