import Synchronization

/// Single-flight: concurrent callers with the same key share one execution of the
/// operation and its outcome, value or error. The operation runs in its own task, so a
/// caller that goes away (client disconnect) does not cancel the others' answer; it is
/// still bounded by the request deadline inside the operation.
public final class RequestCoalescer<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Flight {
        var id: UInt64
        var task: Task<Value, any Error>
        /// Callers sharing this flight, the first one included.
        var callers: Int
    }

    private struct State {
        var flights: [Key: Flight] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Runs `operation` unless a flight for `key` is under way, then waits for that one.
    /// `shared` is true for callers that joined someone else's flight.
    public func run(_ key: Key, operation: @escaping @Sendable () async throws -> Value)
        async throws -> (value: Value, shared: Bool) {
        let (task, shared) = state.withLock { state -> (Task<Value, any Error>, Bool) in
            if state.flights[key] != nil {
                state.flights[key]!.callers += 1
                return (state.flights[key]!.task, true)
            }
            state.nextID &+= 1
            let id = state.nextID
            // Created under the lock so the flight is registered before anyone can miss it;
            // the task's own cleanup takes the lock again only after we release it.
            let task = Task<Value, any Error> {
                defer { self.land(key, id: id) }
                return try await operation()
            }
            state.flights[key] = Flight(id: id, task: task, callers: 1)
            return (task, false)
        }
        return (try await task.value, shared)
    }

    /// Callers currently waiting on the flight for `key` (0 when none is under way).
    public func callers(for key: Key) -> Int { state.withLock { $0.flights[key]?.callers ?? 0 } }

    /// Flights under way.
    public var inFlight: Int { state.withLock { $0.flights.count } }

    private func land(_ key: Key, id: UInt64) {
        state.withLock { state in
            if state.flights[key]?.id == id { state.flights[key] = nil }
        }
    }
}
