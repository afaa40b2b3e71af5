/// The request's single deadline ran out before the vendor answered (→ 504).
public struct DeadlineExceeded: Error, Sendable, Equatable, CustomStringConvertible {
    public var tenant: String
    public var description: String { "no answer from the vendor of tenant \(tenant) within the deadline" }
}

/// Enforces a deadline around an adapter call even when the adapter or the transport fails
/// to: the caller gets `DeadlineExceeded` at the deadline and the straggler is cancelled.
public enum Deadline {
    public static func run<T: Sendable>(tenant: String, until deadline: ContinuousClock.Instant,
                                        _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        guard deadline > .now else { throw DeadlineExceeded(tenant: tenant) }
        return try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                throw DeadlineExceeded(tenant: tenant)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
