import HTTPServer
import Synchronization

/// What deeper layers learn about one request that the access log and metrics report at the
/// end: the tenant it was for, how the cache answered, how many vendor calls it made. The
/// access-log middleware puts one in the context; route handlers and the resilience layer
/// fill it in. (The context is a value passed down, so facts travel back up through this.)
public final class RequestTrace: Sendable {
    public struct Facts: Sendable, Equatable {
        /// A configured tenant id, once the request was resolved to one.
        public var tenant: String?
        public var cache: CacheResult?
        public var upstreamCalls = 0
        /// Metric-safe error kind when the request failed upstream.
        public var upstreamError: String?
        /// The matched route template, recorded by `TracingRouter` when routing happened.
        public var route: String?
    }

    private let facts = Mutex(Facts())

    public init() {}

    public var snapshot: Facts { facts.withLock { $0 } }

    public func setTenant(_ tenant: String) { facts.withLock { $0.tenant = tenant } }
    public func setCache(_ result: CacheResult) { facts.withLock { $0.cache = result } }
    public func addUpstreamCall() { facts.withLock { $0.upstreamCalls += 1 } }
    public func setUpstreamError(_ label: String) { facts.withLock { $0.upstreamError = label } }
    public func setRoute(_ template: String) { facts.withLock { $0.route = template } }
}

/// `context[RequestTraceKey.self]`.
public enum RequestTraceKey: ContextKey {
    public typealias Value = RequestTrace
}
