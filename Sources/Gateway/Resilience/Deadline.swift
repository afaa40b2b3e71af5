/// The request's single deadline ran out before the vendor answered (→ 504).
public struct DeadlineExceeded: Error, Sendable, Equatable, CustomStringConvertible {
    public var tenant: String
    public var description: String { "no answer from the vendor of tenant \(tenant) within the deadline" }
}

/// Enforces a deadline around an adapter call even when the adapter or the transport fails
/// to: the caller gets `DeadlineExceeded` at the deadline and the straggler is cancelled.
public enum Deadline {
    /// - Parameter enforced: the operation ends at `deadline` by itself (an adapter whose
    ///   transport timeouts come from the deadline). It then runs inline: the race against
    ///   a timer costs two child tasks and a timer per call, for no change in outcome.
    public static func run<T: Sendable>(tenant: String, until deadline: ContinuousClock.Instant, enforced: Bool = false,
                                        _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        guard deadline > .now else { throw DeadlineExceeded(tenant: tenant) }
        if enforced { return try await operation() }
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
