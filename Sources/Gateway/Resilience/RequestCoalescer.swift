import Synchronization

/// Single-flight: concurrent callers with the same key share one execution of the
/// operation and its outcome, value or error.
///
/// The first caller (the leader) runs the operation in its own task, so the work stays on
/// the executor that serves the request (the server's event loop) instead of queuing for
/// the global pool; the others wait for its outcome. If the leader is cancelled (its
/// client went away), waiting callers that are not cancelled themselves start over rather
/// than inherit the cancellation.
public final class RequestCoalescer<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Flight {
        var waiters: [CheckedContinuation<Value?, any Error>] = []
        /// Callers sharing this flight, the leader included.
        var callers = 1
    }

    private let flights = Mutex<[Key: Flight]>([:])

    public init() {}

    /// Runs `operation` unless a flight for `key` is under way, then waits for that one.
    /// `shared` is true for callers that got someone else's outcome.
    public func run(_ key: Key, operation: () async throws -> Value) async throws -> (value: Value, shared: Bool) {
        while true {
            // Most callers lead (no flight under way): they take the flight without making a
            // continuation they would only resume at once.
            let leads = flights.withLock { flights -> Bool in
                guard flights[key] == nil else { return false }
                flights[key] = Flight()
                return true
            }
            // nil: this caller leads after all. Deciding and registering happen under one
            // lock, so a flight cannot land between "there is one" and "wake me when it lands".
            let joined: Value?
            if leads {
                joined = nil
            } else {
                do {
                    joined = try await withCheckedThrowingContinuation { continuation in
                        let leadsNow = flights.withLock { flights -> Bool in
                            guard flights[key] != nil else {
                                flights[key] = Flight()
                                return true
                            }
                            flights[key]!.waiters.append(continuation)
                            flights[key]!.callers += 1
                            return false
                        }
                        if leadsNow { continuation.resume(returning: nil) }
                    }
                } catch is CancellationError where !Task.isCancelled {
                    continue   // the leader was cancelled, not us: try again
                }
            }
            if let value = joined { return (value, true) }
            do {
                let value = try await operation()
                land(key, .success(value))
                return (value, false)
            } catch {
                land(key, .failure(error))
                throw error
            }
        }
    }

    /// Callers currently sharing the flight for `key` (0 when none is under way).
    public func callers(for key: Key) -> Int { flights.withLock { $0[key]?.callers ?? 0 } }

    /// Flights under way.
    public var inFlight: Int { flights.withLock { $0.count } }

    private func land(_ key: Key, _ outcome: Result<Value, any Error>) {
        let waiters = flights.withLock { $0.removeValue(forKey: key)?.waiters ?? [] }
        for waiter in waiters { waiter.resume(with: outcome.map { Optional($0) }) }
    }
}
