import Synchronization

/// Caps one tenant's vendor calls in flight. A PBX that hangs holds each caller until the
/// deadline; without a cap those callers pile up without bound (tasks, sockets, libcurl
/// handles) and the other tenants pay for it. Over the cap a request fails fast with 503.
public final class Bulkhead: Sendable {
    public let limit: Int
    private let inFlight = Mutex(0)

    public init(limit: Int) { self.limit = max(1, limit) }

    public var current: Int { inFlight.withLock { $0 } }

    public func run<T: Sendable>(tenant: String, _ operation: () async throws -> T) async throws -> T {
        let admitted = inFlight.withLock { n -> Bool in
            guard n < limit else { return false }
            n += 1
            return true
        }
        guard admitted else { throw BulkheadFull(tenant: tenant) }
        defer { inFlight.withLock { $0 -= 1 } }
        return try await operation()
    }
}

/// The tenant already has `Bulkhead.limit` vendor calls in flight (→ 503, retry shortly).
public struct BulkheadFull: Error, Sendable, Equatable, CustomStringConvertible {
    public var tenant: String
    public var description: String { "too many calls in flight to the vendor of tenant \(tenant)" }
}
